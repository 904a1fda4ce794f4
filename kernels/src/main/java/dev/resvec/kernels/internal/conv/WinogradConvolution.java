package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;

/** Winograd F(2×2,3×3) and F(4×4,3×3) (Lavin &amp; Gray 2016). Arguments were validated. */
public final class WinogradConvolution {
    private WinogradConvolution() {}

    public static WinogradFilter transformFilter(ConvAlgorithm algorithm, ConvShape s, float[] w, int offW) {
        throw new UnsupportedOperationException("TODO");
    }

    public static void forward(ConvShape s, WinogradFilter f, float[] in, int offIn, float[] out, int offOut,
                               ConvEpilogue epilogue, Parallelism parallelism) {
        throw new UnsupportedOperationException("TODO");
    }

    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, float[] gradOut, int offG, float[] w,
                                    int offW, float[] gradIn, int offGradIn, Parallelism parallelism) {
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
}
