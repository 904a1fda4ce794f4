package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;
import dev.resvec.kernels.internal.conv.WinogradKernels;
import dev.resvec.kernels.internal.conv.WinogradVariant;

/**
 * The scalar twin of the Winograd transforms: one tile at a time, each 2-D transform computed in double with
 * {@link WinogradVariant}'s 1-D transforms and rounded once to float (fewer roundings than the vector kernels, so
 * within the same error bound). The GEMMs run on {@link ScalarSgemm}'s 4×4 microkernel (double accumulation).
 */
public final class ScalarWinogradKernels implements WinogradKernels {
    /** Per-thread double scratch of the transforms (36 + 36 + 16 values), so that no call allocates. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[3 * 36]);

    private final ScalarSgemm sgemm = new ScalarSgemm();

    private ScalarWinogradKernels() {}

    /** @return the scalar Winograd kernels */
    public static WinogradKernels create() {
        return new ScalarWinogradKernels();
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public GemmBlocking blocking() {
        return sgemm.blocking();
    }

    @Override
    public void microkernel(int kc, float[] ap, int aOff, float[] bp, int bOff, GemmWriteBack wb, int i, int j,
                            int mr, int nr, boolean first, boolean last, float[] tile) {
        sgemm.microkernel(kc, ap, aOff, bp, bOff, wb, i, j, mr, nr, first, last, tile);
    }

    @Override
    public void inputTransform(WinogradVariant variant, float[] q, int qBase, int rowStride, int phaseStride,
                               int count, float[] v, int vBase, int planeStride, float[] tmp) {
        int m = variant.m(), a = variant.alpha();
        double[] d = SCRATCH.get();
        for (int t = 0; t < count; t++) {
            for (int r = 0; r < a; r++) {
                for (int s = 0; s < a; s++) {
                    d[r * a + s] = q[qBase + r * rowStride + (s % m) * phaseStride + s / m + t];
                }
            }
            transformInput(variant, d, v, vBase + t, planeStride);
        }
    }

    @Override
    public void inputTransformWindows(WinogradVariant variant, float[] src, int dBase, int windowStride,
                                      int count, float[] v, int vBase, int planeStride, float[] tmp) {
        int a = variant.alpha();
        double[] d = SCRATCH.get();
        for (int t = 0; t < count; t++) {
            for (int e = 0; e < a * a; e++) {
                d[e] = src[dBase + e * windowStride + t];
            }
            transformInput(variant, d, v, vBase + t, planeStride);
        }
    }

    /** V = Bᵀ d B for the tile in {@code d[0, α²)} (row-major), into {@code v[at + ξ·planeStride]}. */
    private static void transformInput(WinogradVariant variant, double[] d, float[] v, int at, int planeStride) {
        int a = variant.alpha();
        int h = 36;                                 // d: [0, 36), h: [36, 72)
        for (int r = 0; r < a; r++) {               // rows: h[r][j] = Σ_s Bᵀ[j][s]·d[r][s]
            variant.applyBt(d, r * a, 1, d, h + r * a, 1);
        }
        for (int j = 0; j < a; j++) {               // columns: V[i][j] = Σ_r Bᵀ[i][r]·h[r][j]
            variant.applyBt(d, h + j, a, d, j, a);
        }
        for (int xi = 0; xi < a * a; xi++) {
            v[at + xi * planeStride] = (float) d[xi];
        }
    }

    @Override
    public void outputTransform(WinogradVariant variant, float[] mm, int mBase, int planeStride, int count,
                                float[] o, int oBase, int rowStride, int phaseStride, float[] tmp) {
        int m = variant.m(), a = variant.alpha();
        double[] x = SCRATCH.get();                 // M: [0, 36), h: [36, 60), Y: [72, 88)
        int h = 36, y = 72;
        for (int t = 0; t < count; t++) {
            for (int xi = 0; xi < a * a; xi++) {
                x[xi] = mm[mBase + xi * planeStride + t];
            }
            for (int r = 0; r < a; r++) {           // rows: h[r][j] = Σ_s Aᵀ[j][s]·M[r][s]
                variant.applyAt(x, r * a, 1, x, h + r * m, 1);
            }
            for (int j = 0; j < m; j++) {           // columns: Y[i][j] = Σ_r Aᵀ[i][r]·h[r][j]
                variant.applyAt(x, h + j, m, x, y + j, m);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    o[oBase + i * rowStride + j * phaseStride + t] = (float) x[y + i * m + j];
                }
            }
        }
    }
}
