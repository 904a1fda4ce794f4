package dev.resvec.kernels.internal;

import dev.resvec.kernels.GemmEpilogue;

/**
 * Where and how a microkernel writes its tile: C, alpha, beta and the epilogue, unpacked into fields for the
 * microkernels. The order of operations is fixed, and the vector write-back performs exactly the same float
 * operations (no FMA) as {@link #storeScalar}, so that an element gives the same bits whatever tile it falls in:
 * <pre>
 *   r = alpha·acc
 *   first PC block: r += beta·C (C not read when beta = 0);  later blocks: r += C
 *   last PC block:  r += bias;  r += R;  r = max(r, 0)
 * </pre>
 */
public final class GemmWriteBack {
    public final float[] c;
    public final int offC;
    public final int ldc;
    public final float alpha;
    public final float beta;
    public final int biasKind; // 0 none, 1 per row, 2 per column
    public final float[] bias;
    public final int offBias;
    public final float[] res;
    public final int offRes;
    public final int ldRes;
    public final boolean relu;
    /** Captures one call's write-back. */
    public GemmWriteBack(float[] c, int offC, int ldc, float alpha, float beta, GemmEpilogue e) {
        this.c = c;
        this.offC = offC;
        this.ldc = ldc;
        this.alpha = alpha;
        this.beta = beta;
        this.biasKind = e.biasKind().ordinal();
        this.bias = e.bias();
        this.offBias = e.biasOffset();
        this.res = e.residual();
        this.offRes = e.residualOffset();
        this.ldRes = e.residualLd();
        this.relu = e.relu();
    }

    /** @return whether the last depth block has anything to add to the plain result (bias, residual, ReLU) */
    public boolean hasEpilogue() {
        return biasKind != 0 || res != null || relu;
    }

    /**
     * Writes {@code rows × cols} accumulated values from {@code tile} (row stride {@code ldt}) to C at (i, j).
     *
     * @param first whether this is the first PC block (beta applies) or a later one (C accumulates)
     * @param last  whether this is the last PC block (the epilogue applies)
     */
    public void storeScalar(float[] tile, int ldt, int i, int j, int rows, int cols, boolean first, boolean last) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                int ci = offC + (i + r) * ldc + j + q;
                float v = alpha * tile[r * ldt + q];
                if (!first) {
                    v += c[ci];
                } else if (beta != 0f) {
                    v += beta * c[ci];
                }
                if (last) {
                    v = finish(v, i + r, j + q);
                }
                c[ci] = v;
            }
        }
    }

    /**
     * Writes C[i0:i1, j0:j1] from the complete transposed product {@code t} (n×m, row stride {@code ldt}): C(i, j)
     * := epilogue(alpha·t[j·ldt + i] + beta·C(i, j)) — the operations of {@link #storeScalar} for a single depth
     * block.
     */
    public void storeTransposed(float[] t, int ldt, int i0, int i1, int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            int ci = offC + i * ldc;
            for (int j = j0, ti = j0 * ldt + i; j < j1; j++, ti += ldt) {
                float v = alpha * t[ti];
                if (beta != 0f) {
                    v += beta * c[ci + j];
                }
                c[ci + j] = finish(v, i, j);
            }
        }
    }

    /** The epilogue on one value at (i, j). */
    public float finish(float v, int i, int j) {
        if (biasKind == 1) {
            v += bias[offBias + i];
        } else if (biasKind == 2) {
            v += bias[offBias + j];
        }
        if (res != null) {
            v += res[offRes + i * ldRes + j];
        }
        return relu ? Math.max(v, 0f) : v;
    }

    /** C := epilogue(beta·C) on an m×n block at (0,0): the whole call when k = 0 or alpha = 0 (A, B not read). */
    public void scaleOnly(int m, int n) {
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            for (int j = 0; j < n; j++) {
                float v = beta == 0f ? 0f : beta * c[ci + j];
                c[ci + j] = finish(v, i, j);
            }
        }
    }
}
