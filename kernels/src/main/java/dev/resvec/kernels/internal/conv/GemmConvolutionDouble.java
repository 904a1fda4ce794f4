package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Gemm;

/**
 * The double twins of {@link GemmConvolution}: the same lowering (im2col, col2im, or none for a stride-1 1×1) and
 * the same GEMMs, with {@link Gemm#dgemm} in double, one image and group at a time on the calling thread. They let a
 * float64 gradient check go through each algorithm's own data movement; speed does not matter here, so the column
 * matrix is allocated per call and not cut into blocks.
 */
final class GemmConvolutionDouble {
    private GemmConvolutionDouble() {}

    static void forward(ConvShape s, ConvAlgorithm algorithm, double[] in, int offIn, double[] w, int offW,
                        double[] bias, int offBias, double[] out, int offOut) {
        if (algorithm == ConvAlgorithm.DIRECT) {
            DirectConvolution.forward(s, in, offIn, w, offW, bias, offBias, out, offOut);
            return;
        }
        boolean straight = GemmConvolution.readsInputInPlace(s, algorithm);
        int cg = s.groupInChannels(), kg = s.groupOutChannels(), crs = cg * s.kernelH() * s.kernelW();
        int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        double[] cols = straight ? null : new double[GemmConvolution.scratchSize((long) crs * ohw, s)];
        for (int n = 0; n < s.batch(); n++) {
            for (int g = 0; g < s.groups(); g++) {
                int inOff = offIn + (n * s.inChannels() + g * cg) * hw;
                int outOff = offOut + (n * s.outChannels() + g * kg) * ohw;
                double[] b = in;
                int offB = inOff;
                if (!straight) {
                    Im2col.lower(s, in, inOff, cols, 0, 0, crs, 0, ohw);
                    b = cols;
                    offB = 0;
                }
                Gemm.dgemm(false, false, kg, ohw, crs, 1.0, w, offW + g * kg * crs, crs, b, offB, ohw, 0.0, out,
                        outOff, ohw);
                if (bias != null) {
                    for (int k = 0; k < kg; k++) {
                        double v = bias[offBias + g * kg + k];
                        for (int j = 0; j < ohw; j++) {
                            out[outOff + k * ohw + j] += v;
                        }
                    }
                }
            }
        }
    }

    static void backwardData(ConvShape s, ConvAlgorithm algorithm, double[] gradOut, int offG, double[] w, int offW,
                             double[] gradIn, int offGradIn) {
        if (algorithm == ConvAlgorithm.DIRECT) {
            DirectConvolution.backwardData(s, gradOut, offG, w, offW, gradIn, offGradIn);
            return;
        }
        boolean straight = GemmConvolution.readsInputInPlace(s, algorithm);
        int cg = s.groupInChannels(), kg = s.groupOutChannels(), crs = cg * s.kernelH() * s.kernelW();
        int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        double[] cols = straight ? null : new double[GemmConvolution.scratchSize((long) crs * ohw, s)];
        for (int n = 0; n < s.batch(); n++) {
            for (int g = 0; g < s.groups(); g++) {
                int inOff = offGradIn + (n * s.inChannels() + g * cg) * hw;
                int gOff = offG + (n * s.outChannels() + g * kg) * ohw;
                if (straight) {
                    Gemm.dgemm(true, false, cg, ohw, kg, 1.0, w, offW, crs, gradOut, gOff, ohw, 0.0, gradIn, inOff,
                            hw);
                } else {
                    Gemm.dgemm(true, false, crs, ohw, kg, 1.0, w, offW + g * kg * crs, crs, gradOut, gOff, ohw, 0.0,
                            cols, 0, ohw);
                    Col2im.scatter(s, cols, 0, gradIn, inOff, 0, cg);
                }
            }
        }
    }

    static void backwardFilter(ConvShape s, ConvAlgorithm algorithm, double[] in, int offIn, double[] gradOut,
                               int offG, double[] gradW, int offGradW, double[] gradBias, int offGradBias) {
        if (algorithm == ConvAlgorithm.DIRECT) {
            DirectConvolution.backwardFilter(s, in, offIn, gradOut, offG, gradW, offGradW, gradBias, offGradBias);
            return;
        }
        boolean straight = GemmConvolution.readsInputInPlace(s, algorithm);
        int cg = s.groupInChannels(), kg = s.groupOutChannels(), crs = cg * s.kernelH() * s.kernelW();
        int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        double[] cols = straight ? null : new double[GemmConvolution.scratchSize((long) crs * ohw, s)];
        for (int g = 0; g < s.groups(); g++) {
            for (int n = 0; n < s.batch(); n++) {
                int inOff = offIn + (n * s.inChannels() + g * cg) * hw;
                double[] b = in;
                int offB = inOff;
                if (!straight) {
                    Im2col.lower(s, in, inOff, cols, 0, 0, crs, 0, ohw);
                    b = cols;
                    offB = 0;
                }
                Gemm.dgemm(false, true, kg, crs, ohw, 1.0, gradOut, offG + (n * s.outChannels() + g * kg) * ohw, ohw,
                        b, offB, ohw, n == 0 ? 0.0 : 1.0, gradW, offGradW + g * kg * crs, crs);
            }
        }
        if (gradBias != null) {
            for (int k = 0; k < s.outChannels(); k++) {
                double sum = 0.0;
                for (int n = 0; n < s.batch(); n++) {
                    int plane = offG + (n * s.outChannels() + k) * ohw;
                    for (int j = 0; j < ohw; j++) {
                        sum += gradOut[plane + j];
                    }
                }
                gradBias[offGradBias + k] = sum;
            }
        }
    }
}
