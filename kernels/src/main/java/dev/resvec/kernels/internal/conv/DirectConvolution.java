package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;

/**
 * The direct convolution in double precision, by its definition (PyTorch's {@code conv2d}): the reference that every
 * float algorithm is tested against, and what float64 tensors run. Every output element is one sum over
 * {@code (c, r, s)} in that order, so the result does not depend on threads or algorithms. Arguments were validated
 * by the facade.
 */
public final class DirectConvolution {
    private DirectConvolution() {}

    /** {@code out[n,k,y,x] = bias[k] + Σ_{c,r,s} in[n, g·Cg + c, y·sh − ph + r·dh, x·sw − pw + s·dw] · w[k,c,r,s]}. */
    public static void forward(ConvShape s, double[] in, int offIn, double[] w, int offW, double[] bias, int offBias,
                               double[] out, int offOut) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        int cg = s.groupInChannels();
        int kg = s.groupOutChannels();
        int h = s.height();
        int wd = s.width();
        for (int n = 0; n < s.batch(); n++) {
            for (int k = 0; k < s.outChannels(); k++) {
                int c0 = (k / kg) * cg;
                double b = bias == null ? 0.0 : bias[offBias + k];
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double acc = 0.0;
                        for (int c = 0; c < cg; c++) {
                            int inPlane = offIn + ((n * s.inChannels() + c0 + c) * h) * wd;
                            int wBase = offW + ((k * cg + c) * s.kernelH()) * s.kernelW();
                            for (int r = 0; r < s.kernelH(); r++) {
                                int iy = y * s.strideH() - s.padH() + r * s.dilationH();
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int q = 0; q < s.kernelW(); q++) {
                                    int ix = x * s.strideW() - s.padW() + q * s.dilationW();
                                    if (ix >= 0 && ix < wd) {
                                        acc += in[inPlane + iy * wd + ix] * w[wBase + r * s.kernelW() + q];
                                    }
                                }
                            }
                        }
                        out[offOut + ((n * s.outChannels() + k) * oh + y) * ow + x] = b + acc;
                    }
                }
            }
        }
    }

    /** {@code gradIn = ∂(Σ gradOut·out)/∂in}: every input element sums the output gradients its taps reached. */
    public static void backwardData(ConvShape s, double[] gradOut, int offG, double[] w, int offW, double[] gradIn,
                                    int offGradIn) {
        java.util.Arrays.fill(gradIn, offGradIn, offGradIn + s.inputSize(), 0.0);
        int oh = s.outHeight();
        int ow = s.outWidth();
        int cg = s.groupInChannels();
        int kg = s.groupOutChannels();
        int h = s.height();
        int wd = s.width();
        for (int n = 0; n < s.batch(); n++) {
            for (int k = 0; k < s.outChannels(); k++) {
                int c0 = (k / kg) * cg;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double g = gradOut[offG + ((n * s.outChannels() + k) * oh + y) * ow + x];
                        for (int c = 0; c < cg; c++) {
                            int inPlane = offGradIn + ((n * s.inChannels() + c0 + c) * h) * wd;
                            int wBase = offW + ((k * cg + c) * s.kernelH()) * s.kernelW();
                            for (int r = 0; r < s.kernelH(); r++) {
                                int iy = y * s.strideH() - s.padH() + r * s.dilationH();
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int q = 0; q < s.kernelW(); q++) {
                                    int ix = x * s.strideW() - s.padW() + q * s.dilationW();
                                    if (ix >= 0 && ix < wd) {
                                        gradIn[inPlane + iy * wd + ix] += g * w[wBase + r * s.kernelW() + q];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code gradW[k,c,r,s] = Σ_{n,y,x} gradOut[n,k,y,x]·in[n, c', y', x']} and, when {@code gradBias} is not null,
     * {@code gradBias[k] = Σ_{n,y,x} gradOut[n,k,y,x]}. Both are overwritten.
     */
    public static void backwardFilter(ConvShape s, double[] in, int offIn, double[] gradOut, int offG,
                                      double[] gradW, int offGradW, double[] gradBias, int offGradBias) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        int cg = s.groupInChannels();
        int kg = s.groupOutChannels();
        int h = s.height();
        int wd = s.width();
        for (int k = 0; k < s.outChannels(); k++) {
            int c0 = (k / kg) * cg;
            for (int c = 0; c < cg; c++) {
                for (int r = 0; r < s.kernelH(); r++) {
                    for (int q = 0; q < s.kernelW(); q++) {
                        double acc = 0.0;
                        for (int n = 0; n < s.batch(); n++) {
                            int inPlane = offIn + ((n * s.inChannels() + c0 + c) * h) * wd;
                            int gPlane = offG + ((n * s.outChannels() + k) * oh) * ow;
                            for (int y = 0; y < oh; y++) {
                                int iy = y * s.strideH() - s.padH() + r * s.dilationH();
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int x = 0; x < ow; x++) {
                                    int ix = x * s.strideW() - s.padW() + q * s.dilationW();
                                    if (ix >= 0 && ix < wd) {
                                        acc += gradOut[gPlane + y * ow + x] * in[inPlane + iy * wd + ix];
                                    }
                                }
                            }
                        }
                        gradW[offGradW + ((k * cg + c) * s.kernelH() + r) * s.kernelW() + q] = acc;
                    }
                }
            }
            if (gradBias != null) {
                double acc = 0.0;
                for (int n = 0; n < s.batch(); n++) {
                    int gPlane = offG + ((n * s.outChannels() + k) * oh) * ow;
                    for (int i = 0; i < oh * ow; i++) {
                        acc += gradOut[gPlane + i];
                    }
                }
                gradBias[offGradBias + k] = acc;
            }
        }
    }
}
