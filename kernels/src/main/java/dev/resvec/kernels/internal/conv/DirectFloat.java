package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;

/**
 * {@code ConvAlgorithm.DIRECT} on float arrays: widens the operands to double, runs {@link DirectConvolution} (and
 * the epilogue in double) and rounds each result once. A test aid, not a fast path: it allocates double copies on
 * every call. Being correctly rounded from the exact-input double result, it is the most accurate float answer.
 */
final class DirectFloat {
    private DirectFloat() {}

    static void forward(ConvShape s, float[] in, int offIn, float[] w, int offW, float[] out, int offOut,
                        ConvEpilogue e) {
        double[] bias = e.bias() == null ? null : widen(e.bias(), e.biasOffset(), s.outChannels());
        double[] result = new double[s.outputSize()];
        DirectConvolution.forward(s, widen(in, offIn, s.inputSize()), 0, widen(w, offW, s.filterSize()), 0, bias, 0,
                result, 0);
        // The residual is read completely before the output is written: it may be the output itself.
        if (e.residual() != null) {
            for (int i = 0; i < result.length; i++) {
                result[i] += e.residual()[e.residualOffset() + i];
            }
        }
        for (int i = 0; i < result.length; i++) {
            double v = e.relu() ? Math.max(result[i], 0.0) : result[i];
            out[offOut + i] = (float) v;
        }
    }

    static void backwardData(ConvShape s, float[] gradOut, int offG, float[] w, int offW, float[] gradIn,
                             int offGradIn) {
        double[] result = new double[s.inputSize()];
        DirectConvolution.backwardData(s, widen(gradOut, offG, s.outputSize()), 0, widen(w, offW, s.filterSize()), 0,
                result, 0);
        narrow(result, gradIn, offGradIn);
    }

    static void backwardFilter(ConvShape s, float[] in, int offIn, float[] gradOut, int offG, float[] gradW,
                               int offGradW, float[] gradBias, int offGradBias) {
        double[] gw = new double[s.filterSize()];
        double[] gb = gradBias == null ? null : new double[s.outChannels()];
        DirectConvolution.backwardFilter(s, widen(in, offIn, s.inputSize()), 0, widen(gradOut, offG, s.outputSize()),
                0, gw, 0, gb, 0);
        narrow(gw, gradW, offGradW);
        if (gb != null) {
            narrow(gb, gradBias, offGradBias);
        }
    }

    private static double[] widen(float[] a, int off, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[off + i];
        }
        return d;
    }

    private static void narrow(double[] d, float[] a, int off) {
        for (int i = 0; i < d.length; i++) {
            a[off + i] = (float) d[i];
        }
    }
}
