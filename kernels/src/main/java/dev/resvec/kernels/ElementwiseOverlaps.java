package dev.resvec.kernels;

import dev.resvec.kernels.Overlap.Rule;

/**
 * Which outputs of {@link Elementwise} may share elements with which arguments ({@link Overlap}), for its float and
 * double entries alike (arrays as {@code Object}, compared by identity). Called after the lengths were checked.
 *
 * <p>In place ({@link Rule#IN_PLACE}): every elementwise kernel (scalar, vector, double) loads an element's inputs
 * before it stores the output's element at the same index and never reads them again, so an output may be exactly
 * an input of the same extent. Softmax and log-softmax read a whole row (its maximum, its sum) before they write it,
 * then only what they wrote or the same element, so their output may be exactly x too (same offset and leading
 * dimension). Per-channel arguments (bias, scale, shift) are read for every row of data, and a row maximum is
 * written while later rows are still to be read: those share nothing with an output, nor do two outputs.
 */
final class ElementwiseOverlaps {
    private ElementwiseOverlaps() {}

    /** {@code out = f(a, b)} over n elements: out may be a, b or both. */
    static void binary(String call, int n, Object a, int offA, Object b, int offB, Object out, int offOut) {
        Overlap.contiguous(call, "out", out, offOut, n, "a", a, offA, n, Rule.IN_PLACE);
        Overlap.contiguous(call, "out", out, offOut, n, "b", b, offB, n, Rule.IN_PLACE);
    }

    /** {@code out = f(x)} (or {@code y += f(x)}) over n elements: the output may be x. */
    static void unary(String call, int n, Object x, int offX, String outName, Object out, int offOut) {
        Overlap.contiguous(call, outName, out, offOut, n, "x", x, offX, n, Rule.IN_PLACE);
    }

    /** reluBackward: gradIn may be gradOut or x. */
    static void reluBackward(int n, Object x, int offX, Object gradOut, int offG, Object gradIn, int offGradIn) {
        Overlap.contiguous("reluBackward", "gradIn", gradIn, offGradIn, n, "gradOut", gradOut, offG, n,
                Rule.IN_PLACE);
        Overlap.contiguous("reluBackward", "gradIn", gradIn, offGradIn, n, "x", x, offX, n, Rule.IN_PLACE);
    }

    /**
     * channelBias and channelAffine: out may be x; it shares nothing with the per-channel arguments
     * ({@code perChannel2} null for channelBias).
     */
    static void channel(String call, long total, int channels, Object x, int offX, Object out, int offOut,
                        String name1, Object perChannel1, int off1, String name2, Object perChannel2, int off2) {
        Overlap.contiguous(call, "out", out, offOut, total, "x", x, offX, total, Rule.IN_PLACE);
        Overlap.contiguous(call, "out", out, offOut, total, name1, perChannel1, off1, channels, Rule.APART);
        Overlap.contiguous(call, "out", out, offOut, total, name2, perChannel2, off2, channels, Rule.APART);
    }

    /** channelSums: sum and sumSq share nothing with x (the double entry's) or with each other. */
    static void channelSums(long total, int channels, Object x, int offX, Object sum, int offSum, Object sumSq,
                            int offSumSq) {
        Overlap.contiguous("channelSums", "sum", sum, offSum, channels, "x", x, offX, total, Rule.APART);
        Overlap.contiguous("channelSums", "sumSq", sumSq, offSumSq, channels, "x", x, offX, total, Rule.APART);
        Overlap.contiguous("channelSums", "sum", sum, offSum, channels, "sumSq", sumSq, offSumSq, channels,
                Rule.OUTPUTS);
    }

    /** rowMax: out shares nothing with x (row r's maximum is written before row r + 1 is read). */
    static void rowMax(int rows, int cols, Object x, int offX, int ldx, Object out, int offOut) {
        if (out == x) {
            Overlap.check("rowMax", Overlap.Region.contiguous("out", out, offOut, rows), Rule.APART,
                    Overlap.Region.matrix("x", x, offX, rows, cols, ldx));
        }
    }

    /** softmax and logSoftmax: out may be x, with the same offset and leading dimension. */
    static void rows(String call, int rows, int cols, Object x, int offX, int ldx, Object out, int offOut,
                     int ldOut) {
        if (out == x) {
            Overlap.check(call, Overlap.Region.matrix("out", out, offOut, rows, cols, ldOut), Rule.IN_PLACE,
                    Overlap.Region.matrix("x", x, offX, rows, cols, ldx));
        }
    }
}
