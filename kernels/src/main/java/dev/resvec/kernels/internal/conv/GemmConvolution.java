package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;

/** Convolution as GEMM: im2col + GEMM, and 1×1 as a GEMM straight on the input. Arguments were validated. */
public final class GemmConvolution {
    private GemmConvolution() {}

    /** The heuristic behind {@code Convolution.choose}. */
    public static ConvAlgorithm choose(ConvShape s) {
        if (s.isPointwise() && s.dilationH() == 1 && s.dilationW() == 1) {
            return ConvAlgorithm.POINTWISE_GEMM;
        }
        if (s.isWinogradShape()) {
            return ConvAlgorithm.WINOGRAD_F4X4_3X3;
        }
        return ConvAlgorithm.IM2COL_GEMM;
    }

    public static void forward(ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn, float[] w, int offW,
                               float[] out, int offOut, ConvEpilogue epilogue, Parallelism parallelism) {
        throw new UnsupportedOperationException("TODO");
    }

    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, float[] gradOut, int offG, float[] w,
                                    int offW, float[] gradIn, int offGradIn, Parallelism parallelism) {
        throw new UnsupportedOperationException("TODO");
    }

    public static void backwardFilter(ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn, float[] gradOut,
                                      int offG, float[] gradW, int offGradW, float[] gradBias, int offGradBias,
                                      Parallelism parallelism) {
        throw new UnsupportedOperationException("TODO");
    }

    // double twins (the algorithm's arithmetic in double, for gradient checks)

    public static void forward(ConvShape s, ConvAlgorithm algorithm, double[] in, int offIn, double[] w, int offW,
                               double[] bias, int offBias, double[] out, int offOut) {
        throw new UnsupportedOperationException("TODO");
    }

    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, double[] gradOut, int offG, double[] w,
                                    int offW, double[] gradIn, int offGradIn) {
        throw new UnsupportedOperationException("TODO");
    }

    public static void backwardFilter(ConvShape s, ConvAlgorithm algorithm, double[] in, int offIn,
                                      double[] gradOut, int offG, double[] gradW, int offGradW, double[] gradBias,
                                      int offGradBias) {
        throw new UnsupportedOperationException("TODO");
    }
}
