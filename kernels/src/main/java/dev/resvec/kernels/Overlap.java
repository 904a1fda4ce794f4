package dev.resvec.kernels;

/**
 * The one check behind "an output must not overlap an input" in {@link Gemm} and {@link Convolution}: whether two
 * regions of the same array share an element, and if so an {@link IllegalArgumentException} naming both.
 *
 * <p>Why it is an error: the kernels read their inputs while they write the output, in blocks and in an order of
 * their own (a packed GEMM reads A and B panel by panel after earlier panels of C were written; a convolution's
 * output tiles are written while later tiles' inputs are still to be read), so an output that overlaps an input
 * gives a wrong answer that depends on the blocking and thread count, with no error. BLAS forbids it for the same
 * reason. The test is exact, not on the regions' hulls: sub-matrices interleaved in one array (A in columns 0..k-1
 * and C in columns k.. of the same rows) share no element and pass.
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

    /**
     * @param call    the entry, for the message (e.g. {@code "sgemm"}); a constant, so a passing check allocates
     *                nothing but what escape analysis removes
     * @param output  the region written
     * @param inputs  the regions read (null entries are skipped)
     * @throws IllegalArgumentException naming both regions when the output overlaps one of the inputs
     */
    static void check(String call, Region output, Region... inputs) {
        Region hit = firstOverlapping(output, inputs);
        if (hit != null) {
            throw error(call, output, hit);
        }
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
        return new IllegalArgumentException(call + ": " + output.describe() + " overlaps " + input.describe()
                + " in the same array; an output must not share elements with an input (the result would depend on"
                + " the order the kernel reads and writes in)");
    }
}
