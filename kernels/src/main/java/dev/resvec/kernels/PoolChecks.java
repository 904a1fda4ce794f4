package dev.resvec.kernels;

/**
 * Argument checks of {@link Pooling}: each failure throws an {@link IllegalArgumentException} that names the array,
 * the shape and the sizes. Checks see array lengths ({@code -1} for a null array), so one method serves float and
 * double entries.
 */
final class PoolChecks {
    private PoolChecks() {}

    static int len(int[] array) {
        return array == null ? -1 : array.length;
    }

    /** The shape itself (the record validated its geometry; only null is left). */
    static void shape(PoolShape s) {
        if (s == null) {
            throw new IllegalArgumentException("shape is null");
        }
    }

    /** An input-sized array: {@code N·C·H·W} elements from {@code off}. */
    static void input(String name, String what, int length, int off, PoolShape s) {
        array(name, what, length, off, s.inputSize(), s);
    }

    /** An output-sized array: {@code N·C·outH·outW} elements from {@code off}. */
    static void output(String name, String what, int length, int off, PoolShape s) {
        array(name, what, length, off, s.outputSize(), s);
    }

    /**
     * The argmax indices of max pooling: output-sized, and every index inside its input plane
     * ({@code 0 ≤ index < H·W}), so that the backward scatter cannot write into another plane or outside the array.
     */
    static void indices(int[] indices, int off, PoolShape s) {
        output("indices", "argmax indices", len(indices), off, s);
        int plane = s.height() * s.width();
        int n = s.outputSize();
        for (int i = 0; i < n; i++) {
            int idx = indices[off + i];
            if (idx < 0 || idx >= plane) {
                throw new IllegalArgumentException("indices[" + (off + i) + "] = " + idx + " is outside the input "
                        + "plane of " + s.height() + "x" + s.width() + " = " + plane + " elements (max pooling "
                        + s.describe() + "); indices must come from maxForward with the same shape");
            }
        }
    }

    /** Sizes of a global pooling over {@code batch × channels × spatial} data. */
    static void global(int batch, int channels, int spatial) {
        ElementwiseChecks.count("batch", batch);
        ElementwiseChecks.count("channels", channels);
        ElementwiseChecks.count("spatial", spatial);
        if (spatial == 0 && (long) batch * channels > 0) {
            throw new IllegalArgumentException("spatial must be >= 1 (the mean of an empty plane is undefined), got "
                    + "spatial=0 with batch=" + batch + ", channels=" + channels);
        }
    }

    /** A {@code batch × channels × spatial} array of a global pooling. */
    static void globalData(String name, int length, String offName, int off, int batch, int channels,
                           int spatial) {
        long total = (long) batch * channels * spatial;
        ElementwiseChecks.span(name, length, offName, off, "batch*channels*spatial=" + batch + "*" + channels + "*"
                + spatial + "=" + total, total);
    }

    /** A {@code batch × channels} array of a global pooling. */
    static void globalPooled(String name, int length, String offName, int off, int batch, int channels) {
        long total = (long) batch * channels;
        ElementwiseChecks.span(name, length, offName, off, "batch*channels=" + batch + "*" + channels + "=" + total,
                total);
    }

    /**
     * The array written and the array read of max or average pooling (forward: out and in; backward: gradIn and
     * gradOut) share no element: no pooling kernel computes in place (a forward window would read inputs that
     * earlier outputs were written over; a backward zeroes the input gradient before it reads the output gradient).
     *
     * @param forward whether the output is the pooled one (forward) or the input-sized gradient (backward)
     */
    static void apart(PoolShape s, boolean forward, String outName, Object out, int offOut, String inName, Object in,
                      int offIn) {
        long outSize = forward ? s.outputSize() : s.inputSize();
        long inSize = forward ? s.inputSize() : s.outputSize();
        if (Overlap.shares(out, offOut, outSize, in, offIn, inSize)) { // the message only on failure
            throw Overlap.error("pooling " + s.describe(), Overlap.Region.contiguous(outName, out, offOut, outSize),
                    Overlap.Region.contiguous(inName, in, offIn, inSize), Overlap.Rule.APART);
        }
    }

    /** As {@link #apart(PoolShape, boolean, String, Object, int, String, Object, int)}, for global pooling. */
    static void globalApart(int batch, int channels, int spatial, boolean forward, String outName, Object out,
                            int offOut, String inName, Object in, int offIn) {
        long pooled = (long) batch * channels;
        long data = pooled * spatial;
        if (Overlap.shares(out, offOut, forward ? pooled : data, in, offIn, forward ? data : pooled)) {
            throw Overlap.error("global average pooling, batch*channels*spatial=" + batch + "*" + channels + "*"
                    + spatial, Overlap.Region.contiguous(outName, out, offOut, forward ? pooled : data),
                    Overlap.Region.contiguous(inName, in, offIn, forward ? data : pooled), Overlap.Rule.APART);
        }
    }

    private static void array(String name, String what, int length, int off, long size, PoolShape s) {
        if (length < 0) {
            throw new IllegalArgumentException(name + " (" + what + ") is null; pooling " + s.describe());
        }
        if (off < 0 || off + size > length) {
            throw new IllegalArgumentException(name + " (" + what + ") too short for pooling " + s.describe()
                    + ": needs " + size + " elements from offset " + off + ", array length is " + length);
        }
    }
}
