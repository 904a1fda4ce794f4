package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;

/**
 * A provider's kernels for the Winograd path: the input and output transforms, and access to its SGEMM microkernel
 * for the transformed-domain GEMMs ({@link WinogradGemm} drives it on pre-packed filters). The vector provider
 * transforms {@link #lanes()} tiles at once, one tile per lane; the scalar twin one tile at a time, in double.
 *
 * <h2>Layouts (all float, flat arrays)</h2>
 * <ul>
 *   <li><b>Phase-split input rows</b> {@code q}: for an input row, column {@code x} lies in phase
 *   {@code φ = (x + padLeft) mod m} at index {@code (x + padLeft) div m}; element (row r, phase φ, index j) is
 *   {@code q[qBase + r·rowStride + φ·phaseStride + j]}, where {@code qBase} already points at the first tile's
 *   index. Column s of tile j is then phase {@code s mod m} at index {@code j + s div m}: contiguous across tiles,
 *   so a vector load gives one tile element for {@code lanes()} consecutive tiles.</li>
 *   <li><b>Transformed input</b> {@code v}: point ξ of tile j at {@code v[vBase + ξ·planeStride + j]}.</li>
 *   <li><b>GEMM results</b> {@code mm}: point ξ of tile j at {@code mm[mBase + ξ·planeStride + j]}.</li>
 *   <li><b>Output tiles, phase-split</b> {@code o}: pixel (i, j) of tile t at
 *   {@code o[oBase + i·rowStride + j·phaseStride + t]}.</li>
 * </ul>
 * Transforms process {@code count} tiles rounded up to a multiple of {@link #lanes()}: the extra lanes read and
 * write up to {@code lanes() − 1} elements past the last tile in every row (callers leave that slack; the extra
 * values are never used).
 */
public interface WinogradKernels {
    /** @return tiles per transform step (the vector length; 1 for the scalar twin) */
    int lanes();

    /** @return the blocking of the microkernel ({@code mr × nr} register tile, kc, mc, nc) */
    GemmBlocking blocking();

    /**
     * {@code V = Bᵀ d B} for {@code count} consecutive tiles of one tile row and one channel.
     *
     * @param tmp scratch of at least α²·{@link #lanes()} floats
     */
    void inputTransform(WinogradVariant variant, float[] q, int qBase, int rowStride, int phaseStride, int count,
                        float[] v, int vBase, int planeStride, float[] tmp);

    /**
     * {@code V = Bᵀ d B} for {@code count} tiles whose windows are stored element by element: element (r, s) of
     * tile t at {@code d[dBase + (r·α + s)·windowStride + t]} (see {@link #copyWindows}). The same operations per tile
     * as {@link #inputTransform}, so the two give the same bits; the tiles of several tile rows and images share a
     * vector here.
     *
     * @param tmp scratch of at least α²·{@link #lanes()} floats
     */
    void inputTransformWindows(WinogradVariant variant, float[] d, int dBase, int windowStride, int count,
                               float[] v, int vBase, int planeStride, float[] tmp);

    /**
     * Phase-splits {@code count·m} floats as one row: {@code ps[φ·phaseLen + j] = src[at + m·j + φ]} for
     * j &lt; count. Given a padded plane whose width is a multiple of m, this splits all its rows at once. May read
     * and write up to m·{@link #lanes()} floats past either end's last element (callers leave that slack).
     */
    default void splitPlane(float[] src, int at, int m, int count, float[] ps, int phaseLen) {
        for (int j = 0; j < count; j++) {
            for (int phase = 0; phase < m; phase++) {
                ps[phase * phaseLen + j] = src[at + m * j + phase];
            }
        }
    }

    /**
     * Whether {@link #gatherWindows} takes tile rows {@code width} tiles wide for this variant (m, α): a provider
     * may handle only rows whose windows fit its registers; callers split the plane into phases and
     * {@link #copyWindows} otherwise.
     */
    default boolean gathersWindows(int m, int alpha, int width) {
        return true;
    }

    /**
     * Copies the windows of {@code runs} consecutive tile rows' tiles straight out of a padded plane (row stride
     * {@code wp}): element (r, s) of tile i of run j is {@code padded[src + j·rowStep + r·wp + m·i + s]}, laid end to
     * end from {@code dst[dstOff + (r·α + s)·dstStride + j·runLen]} for i &lt; runLen. The same windows as
     * {@link #copyWindows} of the plane's phases, without the phase split. May read up to 2·{@link #lanes()} floats
     * from each row's first element and write up to {@link #lanes()} past the last run (callers leave that slack,
     * and copy a block's tile rows in increasing order).
     */
    default void gatherWindows(float[] padded, int src, int wp, int rowStep, int runLen, int runs, int alpha, int m,
                               float[] dst, int dstOff, int dstStride) {
        for (int r = 0; r < alpha; r++) {
            for (int q = 0; q < alpha; q++) {
                int d = dstOff + (r * alpha + q) * dstStride;
                for (int j = 0; j < runs; j++) {
                    int row = src + j * rowStep + r * wp + q;
                    for (int i = 0; i < runLen; i++) {
                        dst[d + j * runLen + i] = padded[row + m * i];
                    }
                }
            }
        }
    }

    /**
     * Copies the windows of {@code runs} consecutive tile rows' tiles out of a phase-split plane (see
     * {@link #splitPlane}): for every window element (r, s) of α×α, {@code runs} runs of {@code runLen} floats,
     * run i from {@code ps[(s mod m)·phaseLen + srcOff + r·rowStep + s div m + i·srcStride]}, laid end to end from
     * {@code dst[dstOff + (r·α + s)·dstStride]}. May read up to {@link #lanes()} floats past each run and write up to
     * {@link #lanes()} past the last (callers leave that slack, and copy a block's tile rows in increasing order).
     */
    default void copyWindows(float[] ps, int phaseLen, int srcOff, int rowStep, int srcStride, int runLen, int runs,
                             int alpha, int m, float[] dst, int dstOff, int dstStride) {
        for (int r = 0; r < alpha; r++) {
            for (int q = 0; q < alpha; q++) {
                int src = q % m * phaseLen + srcOff + r * rowStep + q / m, d = dstOff + (r * alpha + q) * dstStride;
                for (int i = 0; i < runs; i++) {
                    System.arraycopy(ps, src + i * srcStride, dst, d + i * runLen, runLen);
                }
            }
        }
    }

    /**
     * {@code Y = Aᵀ M A} for {@code count} consecutive tiles of one output channel.
     *
     * @param tmp scratch of at least α·m·{@link #lanes()} floats
     */
    void outputTransform(WinogradVariant variant, float[] mm, int mBase, int planeStride, int count, float[] o,
                         int oBase, int rowStride, int phaseStride, float[] tmp);

    /**
     * {@code U = G g Gᵀ} for {@code count} filters whose 9 taps lie in tap planes ({@code taps[tapOff + q·tapStride + e]},
     * tap q = 3r + s), into point planes ({@code out[outOff + ξ·pointStride + e]}). The scalar twin computes in double
     * and rounds once; the vector kernels compute in float with the factored G (at most 4 roundings per pass,
     * 8 in all, for F(4×4); 2 per pass for F(2×2), whose ×1/2 is exact).
     *
     * @param tmp scratch of at least 3·α·{@link #lanes()} floats
     */
    default void filterTransform(WinogradVariant variant, float[] taps, int tapOff, int tapStride, int count,
                                 float[] out, int outOff, int pointStride, float[] tmp) {
        double[] g = new double[9];
        double[] u = new double[variant.points()];
        double[] t = new double[3 * variant.alpha()];
        for (int e = 0; e < count; e++) {
            for (int q = 0; q < 9; q++) {
                g[q] = taps[tapOff + q * tapStride + e];
            }
            variant.filterTransform(g, 0, u, 0, t);
            for (int xi = 0; xi < u.length; xi++) {
                out[outOff + xi * pointStride + e] = (float) u[xi];
            }
        }
    }

    /**
     * Splits input rows into phase-split form: see {@link WinogradPhases#split}, which is the scalar version.
     */
    default void split(float[] in, int plane, int height, int width, int m, int padLeft, int yLo, int rows, int qw,
                       int jNeed, float[] q) {
        WinogradPhases.split(in, plane, height, width, m, padLeft, yLo, rows, qw, jNeed, q);
    }

    /**
     * Writes output tiles from phase-split form with the epilogue: see {@link WinogradPhases#merge}, which is the
     * scalar version.
     *
     * @param row scratch of at least m·(count + {@link #lanes()}) floats
     */
    default void merge(float[] o, int oOff, int ow, int m, int count, float[] out, int plane, int outHeight,
                       int outWidth, int y0, int x0, boolean hasBias, float bias, float[] res, int resPlane,
                       boolean relu, float[] row) {
        WinogradPhases.merge(o, oOff, ow, m, count, out, plane, outHeight, outWidth, y0, x0, hasBias, bias, res,
                resPlane, relu);
    }

    /**
     * Writes {@code tiles} consecutive output tiles of one tile row for {@code count} consecutive output channels from
     * the channel-lane form laid out row by row, cropped, with the epilogue: see {@link WinogradPhases#mergeChannels},
     * which is the scalar version (and gives the same bits). Callers pass {@link #mergeSlots} as {@code rowSlots}.
     *
     * @param block scratch of at least {@link #lanes()}² floats
     */
    default void mergeChannels(float[] o, int ok, int m, int rowSlots, int tiles, int k0, int count, float[] out,
                               int offOut, int outHeight, int outWidth, int y0, int x0, float[] bias, int offBias,
                               float[] res, int offRes, boolean relu, float[] block) {
        WinogradPhases.mergeChannels(o, 0, ok, m, rowSlots, tiles, k0, count, out, offOut, outHeight, outWidth, y0,
                x0, bias, offBias, res, offRes, relu);
    }

    /**
     * @return the columns of a row of tiles that {@link #mergeChannels} takes at once: the lanes, or m where fewer
     *         (a row of lanes/m tiles, so that the vector kernel stores a whole row segment per channel)
     */
    default int mergeSlots(int m) {
        return Math.max(m, lanes() / m * m);
    }

    /**
     * The provider's SGEMM microkernel (the BLIS contract, see {@code BlisGemm}): an {@code mr × nr} tile of C from
     * an MR×kc packed micro-panel of A and a kc×NR packed micro-panel of B, written through {@code wb}.
     */
    void microkernel(int kc, float[] ap, int aOff, float[] bp, int bOff, GemmWriteBack wb, int i, int j, int mr,
                     int nr, boolean first, boolean last, float[] tile);

    /**
     * Packs B[pc:pc+kc, jc:jc+nc] (row-major, leading dimension ldb, not transposed) into consecutive kc×NR
     * micro-panels, row p of a panel at p·NR, columns past nc zero. A provider may override it with vector copies.
     */
    default void packB(float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, float[] bp) {
        int nr = blocking().nr();
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int dst = jr * kc;
            int src = offB + pc * ldb + jc + jr;
            for (int p = 0; p < kc; p++, src += ldb, dst += nr) {
                System.arraycopy(b, src, bp, dst, cols);
                for (int q = cols; q < nr; q++) {
                    bp[dst + q] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] with op(A) = Aᵀ, A stored depth-major ({@code A(i, p) = a[offA + p·lda + i]}),
     * into consecutive MR×kc micro-panels, column p of a panel at p·MR, rows past mc zero.
     */
    default void packATransposed(float[] a, int offA, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        int mr = blocking().mr();
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int dst = ir * kc;
            int src = offA + pc * lda + ic + ir;
            for (int p = 0; p < kc; p++, src += lda, dst += mr) {
                for (int r = 0; r < mr; r++) {
                    ap[dst + r] = r < rows ? a[src + r] : 0f;
                }
            }
        }
    }
}
