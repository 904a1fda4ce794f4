package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.conv.ShiftedKernels;

/** The scalar twin of the {@link ShiftedKernels}: each sum in double, rounded once when it is added. */
public final class ScalarShiftedKernels implements ShiftedKernels {
    private ScalarShiftedKernels() {}

    /** @return the scalar kernels */
    public static ShiftedKernels create() {
        return new ScalarShiftedKernels();
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void filterBlock(float[] g, int gOff, int gStride, float[] x, int xOff, int xt0, int xt1, int xt2, int len,
                            float[] part, int partOff, float[] tmp) {
        for (int i = 0; i < BLOCK_K; i++) {
            for (int t = 0; t < BLOCK_T; t++) {
                int gi = gOff + i * gStride, xi = xOff + (t == 0 ? xt0 : t == 1 ? xt1 : xt2);
                double sum = part[partOff + i * BLOCK_T + t];
                for (int j = 0; j < len; j++) {
                    sum += (double) g[gi + j] * x[xi + j];
                }
                part[partOff + i * BLOCK_T + t] = (float) sum;
            }
        }
    }
}
