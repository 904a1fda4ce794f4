package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.conv.StridedKernels;

/**
 * The scalar twin of the {@link StridedKernels}: each element's sum in the same float chain, fused or not, as a lane
 * of the vector kernels, so that a twin built with their block width and FMA setting gives their bits.
 */
public final class ScalarStridedKernels implements StridedKernels {
    private final int block;
    private final boolean fma;

    private ScalarStridedKernels(int block, boolean fma) {
        this.block = block;
        this.fma = fma;
    }

    /**
     * @param blockChannels output channels per tile, 1 or more
     * @param fma           whether each product is fused into the running sum
     * @return the scalar kernels
     */
    public static StridedKernels create(int blockChannels, boolean fma) {
        if (blockChannels < 1) {
            throw new IllegalArgumentException("blockChannels must be positive, got " + blockChannels);
        }
        return new ScalarStridedKernels(blockChannels, fma);
    }

    @Override
    public int blockChannels() {
        return block;
    }

    @Override
    public void tile(int stride, int positions, int channels, float[] x, int xOff, int plane, int rowStride,
                     float[] w, int wOff, float[] y, int yOff, boolean accumulate) {
        StridedKernels.checkTile(stride, positions);
        for (int i = 0; i < positions; i++) {
            for (int j = 0; j < block; j++) {
                float sum = accumulate ? y[yOff + i * block + j] : 0f;
                for (int c = 0, wi = wOff + j; c < channels; c++) {
                    for (int r = 0; r < KERNEL; r++) {
                        for (int s = 0; s < KERNEL; s++, wi += block) {
                            float v = x[xOff + c * plane + r * rowStride + s + stride * i];
                            sum = fma ? Math.fma(v, w[wi], sum) : v * w[wi] + sum;
                        }
                    }
                }
                y[yOff + i * block + j] = sum;
            }
        }
    }

    @Override
    public void transpose(float[] src, int sOff, int sStride, int rows, int cols, float[] dst, int dOff,
                          int dStride) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[dOff + c * dStride + r] = src[sOff + r * sStride + c];
            }
        }
    }
}
