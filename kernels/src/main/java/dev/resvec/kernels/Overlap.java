package dev.resvec.kernels;

/**
 * The one check behind "an output must not overlap an input" in {@link Gemm}, {@link Convolution},
 * {@link Elementwise}, {@link Pooling} and {@link BatchNorm}: whether two regions of the same array share an element,
 * and if so an {@link IllegalArgumentException} naming both.
 *
 * <p>Why it is an error: the kernels read their inputs while they write the output, in blocks and in an order of
 * their own (a packed GEMM reads A and B panel by panel after earlier panels of C were written; a convolution's
 * output tiles are written while later tiles' inputs are still to be read; a vector loop loads a few lanes ahead of
 * what it stores), so an output that overlaps an input gives a wrong answer that depends on the blocking, the vector
 * width and the thread count, with no error. BLAS forbids it for the same reason. The test is exact, not on the
 * regions' hulls: sub-matrices interleaved in one array (A in columns 0..k-1 and C in columns k.. of the same rows)
 * share no element and pass.
 *
 * <p>The one exception is {@link Rule#IN_PLACE}: where a kernel reads each element of an input before it writes the
 * output's element at the same place, and never reads that input again, the output may be exactly the input (same
 * array, same offset, same extent): {@code relu(x)} into x, a residual add {@code a += b}. Each entry's Javadoc says
 * which of its outputs may be which inputs.
 */
final class Overlap {
    private Overlap() {}

    /**
     * A region of an array: {@code rows} runs of {@code cols} elements, run {@code i} from {@code off + i·ld}
     * (a contiguous run of n elements is 1 × n). Callers have validated it against the array's length.
     *
     * @param name  what the caller calls it, e.g. {@code "C"} or {@code "out (output)"}
     * @param array the array (compared by identity)
     * @param off   index of the first element
     * @param rows  number of runs
     * @param cols  elements per run
     * @param ld    distance between runs, at least {@code cols} where {@code rows > 1}
     */
    record Region(String name, Object array, int off, int rows, int cols, int ld) {
        static Region matrix(String name, Object array, int off, int rows, int cols, int ld) {
            return new Region(name, array, off, rows, cols, ld);
        }

        static Region contiguous(String name, Object array, int off, long length) {
            return new Region(name, array, off, 1, (int) length, Math.max(1, (int) length));
        }

        boolean isEmpty() {
            return array == null || rows <= 0 || cols <= 0;
        }

        /** @return one past the last element */
        long end() {
            return off + (long) (rows - 1) * ld + cols;
        }

        /** @return whether this is exactly {@code other}'s elements, run for run (the in-place case) */
        boolean sameAs(Region other) {
            return array == other.array && off == other.off && rows == other.rows && cols == other.cols
                    && (rows <= 1 || ld == other.ld);
        }

        /** @return whether {@code [start, end)} holds an element of this region (O(1): the runs are sorted) */
        boolean meets(long start, long stop) {
            long before = start - off - cols; // run i ends after start iff off + i·ld + cols > start
            long first = before < 0 ? 0 : Math.floorDiv(before, (long) ld) + 1;
            return first < rows && off + first * ld < stop;
        }

        /** @return e.g. {@code C (3x4 from offset 2, leading dimension 5: elements 2..16)} */
        String describe() {
            return name + " (" + (rows == 1 ? cols + " elements from offset " + off
                    : rows + "x" + cols + " from offset " + off + ", leading dimension " + ld)
                    + ": elements " + off + ".." + (end() - 1) + ")";
        }
    }

    /**
     * @return whether the two regions are in the same array and share at least one element
     */
    static boolean overlap(Region a, Region b) {
        if (a.isEmpty() || b.isEmpty() || a.array() != b.array() || a.end() <= b.off() || b.end() <= a.off()) {
            return false;
        }
        Region fewer = a.rows() <= b.rows() ? a : b;
        Region other = fewer == a ? b : a;
        for (int i = 0; i < fewer.rows(); i++) {
            long start = fewer.off() + (long) i * fewer.ld();
            if (other.meets(start, start + fewer.cols())) {
                return true;
            }
        }
        return false;
    }

    /** What may be shared, and why nothing else may: the rule an error states. */
    enum Rule {
        /** An output and an input: nothing shared. */
        APART("an output must not share elements with an input (the result would depend on the order the kernel"
                + " reads and writes in)"),
        /** An output and an input it may replace: exactly the same elements, or none. */
        IN_PLACE("an output may be exactly this input (in place: the same offset and extent) but must not share only"
                + " part of it (the result would depend on the order the kernel reads and writes in)"),
        /** Two outputs: nothing shared. */
        OUTPUTS("two outputs must not share elements (one would overwrite the other)"),
        /** SGEMM's residual and C: nothing shared, not even C itself. */
        GEMM_RESIDUAL("the epilogue's residual is read in the last depth block, after earlier blocks wrote partial"
                + " sums to C, so it must not share elements with C, not even as C itself (for C := alpha·op(A)·op(B)"
                + " + C pass beta = 1 instead)");

        private final String text;

        Rule(String text) {
            this.text = text;
        }
    }

    /**
     * @param call    the entry, for the message (e.g. {@code "sgemm"}); a constant, so a passing check allocates
     *                nothing but what escape analysis removes
     * @param output  the region written
     * @param inputs  the regions read (null entries are skipped)
     * @throws IllegalArgumentException naming both regions when the output overlaps one of the inputs
     */
    static void check(String call, Region output, Region... inputs) {
        check(call, output, Rule.APART, inputs);
    }

    /**
     * @param rule   {@link Rule#IN_PLACE}: an output that is exactly one of {@code others} passes; otherwise any
     *               shared element is an error
     * @param others the regions read, or the other outputs (null entries are skipped)
     * @throws IllegalArgumentException naming both regions and the rule when the output shares an element with one
     *                                  of {@code others} that the rule does not allow
     */
    static void check(String call, Region output, Rule rule, Region... others) {
        for (Region other : others) {
            if (other != null && overlap(output, other) && !(rule == Rule.IN_PLACE && output.sameAs(other))) {
                throw error(call, output, other, rule);
            }
        }
    }

    /**
     * {@link #check(String, Region, Rule, Region...)} for two contiguous runs, without building a region unless it
     * fails: for the elementwise entries, whose small calls take tens of nanoseconds.
     */
    static void contiguous(String call, String outName, Object out, int offOut, long outLength, String otherName,
                           Object other, int offOther, long otherLength, Rule rule) {
        if (shares(out, offOut, outLength, other, offOther, otherLength)
                && !(rule == Rule.IN_PLACE && offOut == offOther && outLength == otherLength)) {
            throw error(call, Region.contiguous(outName, out, offOut, outLength),
                    Region.contiguous(otherName, other, offOther, otherLength), rule);
        }
    }

    /** @return whether the runs {@code [offA, offA + lengthA)} and {@code [offB, offB + lengthB)} of one array meet */
    static boolean shares(Object a, int offA, long lengthA, Object b, int offB, long lengthB) {
        return a == b && a != null && lengthA > 0 && lengthB > 0 && offA < offB + lengthB && offB < offA + lengthA;
    }

    /** @return the first of {@code inputs} that {@code output} overlaps, or null */
    static Region firstOverlapping(Region output, Region... inputs) {
        for (Region input : inputs) {
            if (input != null && overlap(output, input)) {
                return input;
            }
        }
        return null;
    }

    /** @return the error for an output overlapping an input, naming both */
    static IllegalArgumentException error(String call, Region output, Region input) {
        return error(call, output, input, Rule.APART);
    }

    /** @return the error for an output sharing elements with another region against {@code rule}, naming both */
    static IllegalArgumentException error(String call, Region output, Region other, Rule rule) {
        return new IllegalArgumentException(call + ": " + output.describe() + " overlaps " + other.describe()
                + " in the same array; " + rule.text);
    }
}
