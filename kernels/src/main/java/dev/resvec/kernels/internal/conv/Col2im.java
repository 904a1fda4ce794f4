package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.internal.ElementwiseKernels;
import java.util.Arrays;

/**
 * col2im, the adjoint of {@link Im2col}: scatters a {@code (Cg·R·S) × (outH·outW)} column matrix of gradients back
 * onto the input planes, adding every column entry to the input element its tap read (entries on the padding are
 * dropped). The data gradient of a convolution is {@code col2im(Wᵀ·gradOut)}.
 *
 * <p>Each input channel's plane only receives the rows of its own channel, so channels can be scattered in
 * parallel; within a plane the additions happen in the fixed order (r, q, y, x), so the result does not depend on
 * how channels are split between threads.
 */
final class Col2im {
    private Col2im() {}

    /**
     * Overwrites channel planes {@code [cFrom, cTo)} of the group with the scattered sums of their rows. Runs of
     * stride-1 additions go through the provider's {@code add} kernel: float addition is exact-rounded, so the
     * vector and scalar kernels give the same bits.
     *
     * @param ew     the provider's elementwise kernels
     * @param gather the provider's column kernels (stride 2: {@link ColumnGather#addToEvenColumns})
     * @param offIn  index of element (0, 0) of the group's first channel plane in this image
     */
    static void scatter(ElementwiseKernels ew, ColumnGather gather, ConvShape s, float[] cols, int offCols,
                        float[] gradIn, int offIn, int cFrom, int cTo) {
        final int kh = s.kernelH(), kw = s.kernelW(), h = s.height(), w = s.width();
        final int ow = s.outWidth(), ohw = s.outHeight() * ow;
        final int sh = s.strideH(), sw = s.strideW();
        Arrays.fill(gradIn, offIn + cFrom * h * w, offIn + cTo * h * w, 0f);
        for (int c = cFrom; c < cTo; c++) {
            int plane = offIn + c * h * w;
            for (int r = 0; r < kh; r++) {
                int y0 = ConvGeometry.firstY(s, r), y1 = ConvGeometry.endY(s, r);
                int rowShift = r * s.dilationH() - s.padH();
                for (int q = 0; q < kw; q++) {
                    int x0 = ConvGeometry.firstX(s, q), x1 = ConvGeometry.endX(s, q);
                    int colShift = q * s.dilationW() - s.padW();
                    int src = offCols + ((c * kh + r) * kw + q) * ohw;
                    for (int y = y0; y < y1; y++) {
                        int g = plane + (y * sh + rowShift) * w + colShift;
                        int v = src + y * ow;
                        if (sw == 1) {
                            // a run of additions: the provider's add kernel, in place (C2 does not vectorise
                            // this loop itself, gradIn and cols being possibly the same array)
                            ew.add(x1 - x0, gradIn, g + x0, cols, v + x0, gradIn, g + x0);
                        } else if (sw == 2 && x0 < x1) {
                            // the plane's end bounds the vectors: the next plane may be another thread's
                            gather.addToEvenColumns(x1 - x0, cols, v + x0, gradIn, g + 2 * x0, plane + h * w);
                        } else {
                            for (int x = x0; x < x1; x++) {
                                gradIn[g + x * sw] += cols[v + x];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The double twin of
     * {@link #scatter(ElementwiseKernels, ColumnGather, ConvShape, float[], int, float[], int, int, int)}.
     */
    static void scatter(ConvShape s, double[] cols, int offCols, double[] gradIn, int offIn, int cFrom, int cTo) {
        final int kh = s.kernelH(), kw = s.kernelW(), h = s.height(), w = s.width();
        final int ow = s.outWidth(), ohw = s.outHeight() * ow;
        final int sh = s.strideH(), sw = s.strideW();
        Arrays.fill(gradIn, offIn + cFrom * h * w, offIn + cTo * h * w, 0.0);
        for (int c = cFrom; c < cTo; c++) {
            int plane = offIn + c * h * w;
            for (int r = 0; r < kh; r++) {
                int y0 = ConvGeometry.firstY(s, r), y1 = ConvGeometry.endY(s, r);
                int rowShift = r * s.dilationH() - s.padH();
                for (int q = 0; q < kw; q++) {
                    int x0 = ConvGeometry.firstX(s, q), x1 = ConvGeometry.endX(s, q);
                    int colShift = q * s.dilationW() - s.padW();
                    int src = offCols + ((c * kh + r) * kw + q) * ohw;
                    for (int y = y0; y < y1; y++) {
                        int g = plane + (y * sh + rowShift) * w + colShift;
                        int v = src + y * ow;
                        for (int x = x0; x < x1; x++) {
                            gradIn[g + x * sw] += cols[v + x];
                        }
                    }
                }
            }
        }
    }
}
