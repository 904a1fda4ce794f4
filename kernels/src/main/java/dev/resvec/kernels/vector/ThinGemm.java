package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.GemmWriteBack;
import dev.resvec.kernels.internal.ParallelRunner;
import jdk.incubator.vector.FloatVector;

/**
 * Thin products whose C rows are three vectors wide, plus at most one column, on a 512-bit species: n = 48 or 49,
 * as in the im2col GEMMs of ResNet's 7×7 stage (49 = 7·7 output positions) called on plain matrices. (A prepared
 * convolution keeps its pre-packed filters on the driver's swapped path, which packs nothing of A per call.)
 *
 * <p>Why. With so few columns each element of A takes part in only n multiply-adds, so packing A (the BLIS way)
 * costs a large share of the product, and the packed path's register tiles pad 49 columns to 64 (or, swapped, 49
 * rows to 56 and transpose all of A). Here A is read where it lies and only op(B) is packed, once per call: a tile of
 * {@value #ROWS} rows × 3 vectors broadcasts one element of each of six rows of A per k into 18 accumulators
 * (18 + 3 loads of B + the broadcast fit AVX-512's 32 registers), and the 49th column rides along as six scalar
 * multiply-add chains, so no lane is padding. A must not be transposed (its rows are then strided: 0.67 times the
 * packed path's speed). Measured on a Zen 4 core, alternated in one JVM with the packed path (1 thread, medians of
 * 7 rounds): 512×4608·4608×49 1.23×, 2048×512·512×49 1.27×, 512×2048·2048×49 1.37×, n = 48 1.46×, a transposed B
 * 1.20×; 2 threads 1.10–1.22×. A product too small to split gains nothing (100×700·700×49: 1.00×).
 *
 * <p>Bits. It gives the bits of the driver's swapped path, which a pre-packed A of the same product takes: each
 * element's depth blocks (the driver's PC steps) are summed from zero in k order with the same multiply-add, the
 * blocks' sums are added in order, and C := epilogue(alpha·sum + beta·C) is written once at the end with the
 * write-back's own operations. Rows are split between threads, so every thread count gives the same bits.
 */
final class ThinGemm {
    /** Rows of A per register tile. */
    static final int ROWS = 6;
    /** The columns the tile's vectors hold. */
    static final int WIDTH = 3 * VL;

    /** Per thread: op(B) packed (k rows of {@link #WIDTH} floats, then its last column, if any, as k floats). */
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);
    /** Per thread: its rows' running sums over the depth blocks, {@link #WIDTH} floats a row. */
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[0]);
    /** Per thread: its rows' running sums of the last column. */
    private static final ThreadLocal<float[]> COLUMN_SUMS = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Per thread: one register tile's sums of one depth block, {@link #ROWS} rows of {@link #WIDTH}, then the last
     * column's {@link #ROWS}.
     */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[ROWS * (WIDTH + 1)]);

    private ThinGemm() {}

    /** @return whether a product with n columns is one this path computes */
    static boolean fits(int n) {
        return F.vectorBitSize() == 512 && (n == WIDTH || n == WIDTH + 1);
    }

    /**
     * C := epilogue(alpha·op(A)·op(B) + beta·C) (alpha and beta held by {@code wb}) for {@link #fits} n.
     *
     * @param step    the driver's depth step (its PC blocks)
     * @param threads the most threads the product's work pays for
     */
    static void multiply(boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                         float[] b, int offB, int ldb, int step, int threads, GemmWriteBack wb,
                         Parallelism parallelism) {
        float[] packed = packB(transB, n, k, b, offB, ldb);
        int blocks = (m + ROWS - 1) / ROWS;
        int shares = Math.min(threads, blocks);
        ParallelRunner.run(shares, parallelism, s -> {
            int r0 = blocks * s / shares * ROWS, r1 = Math.min(m, blocks * (s + 1) / shares * ROWS);
            rows(r0, r1, n, k, a, offA, lda, packed, step, wb);
        });
    }

    /** Rows [r0, r1) of C, all depth blocks, then their write-back. */
    private static void rows(int r0, int r1, int n, int k, float[] a, int offA, int lda, float[] packed, int step,
                             GemmWriteBack wb) {
        int rows = r1 - r0;
        float[] sums = SUMS.get();
        if (sums.length < rows * WIDTH) {
            sums = new float[rows * WIDTH];
            SUMS.set(sums);
        }
        float[] columnSums = COLUMN_SUMS.get();
        if (columnSums.length < rows) {
            columnSums = new float[rows];
            COLUMN_SUMS.set(columnSums);
        }
        float[] tile = TILE.get();
        boolean column = n > WIDTH;
        int columnAt = k * WIDTH, last = r1 - 1;
        for (int pc = 0; pc < k; pc += step) {
            int kc = Math.min(step, k - pc);
            for (int i = r0; i < r1; i += ROWS) {
                // rows past r1 repeat the last row: computed, not kept
                int a0 = offA + i * lda + pc;
                int a1 = offA + Math.min(i + 1, last) * lda + pc;
                int a2 = offA + Math.min(i + 2, last) * lda + pc;
                int a3 = offA + Math.min(i + 3, last) * lda + pc;
                int a4 = offA + Math.min(i + 4, last) * lda + pc;
                int a5 = offA + Math.min(i + 5, last) * lda + pc;
                if (column) {
                    ThinGemmTiles.withColumn(kc, a, a0, a1, a2, a3, a4, a5, packed, pc * WIDTH,
                            columnAt + pc, tile);
                } else {
                    ThinGemmTiles.vectorsOnly(kc, a, a0, a1, a2, a3, a4, a5, packed, pc * WIDTH, tile);
                }
                addTile(tile, Math.min(ROWS, r1 - i), column, sums, columnSums, i - r0, pc == 0);
            }
        }
        VectorSgemm.storeFullTile(sums, rows, WIDTH, wb, r0, 0, true, true);
        if (column) {
            wb.storeScalar(columnSums, 1, r0, WIDTH, rows, 1, true, true);
        }
    }

    /**
     * Sums := tile (the first depth block) or tile + sums, for the tile's first {@code rows} rows, which are rows
     * {@code row ...} of the sums.
     */
    private static void addTile(float[] tile, int rows, boolean column, float[] sums, float[] columnSums, int row,
                                boolean first) {
        if (first) {
            System.arraycopy(tile, 0, sums, row * WIDTH, rows * WIDTH);
            if (column) {
                System.arraycopy(tile, ROWS * WIDTH, columnSums, row, rows);
            }
            return;
        }
        for (int q = 0, s = row * WIDTH; q < rows * WIDTH; q += VL) {
            FloatVector.fromArray(F, tile, q).add(FloatVector.fromArray(F, sums, s + q)).intoArray(sums, s + q);
        }
        if (column) {
            for (int r = 0; r < rows; r++) {
                columnSums[row + r] = tile[ROWS * WIDTH + r] + columnSums[row + r];
            }
        }
    }

    /**
     * Packs op(B) (k × n) into the calling thread's buffer: row p's first {@link #WIDTH} columns at p·WIDTH, the
     * last column (n = WIDTH + 1) from k·WIDTH on.
     */
    private static float[] packB(boolean transB, int n, int k, float[] b, int offB, int ldb) {
        int size = k * (WIDTH + 1);
        float[] packed = PACKED_B.get();
        if (packed.length < size) {
            packed = new float[size];
            PACKED_B.set(packed);
        }
        boolean column = n > WIDTH;
        if (!transB) {
            for (int p = 0, src = offB, dst = 0; p < k; p++, src += ldb, dst += WIDTH) {
                for (int q = 0; q < WIDTH; q += VL) {
                    FloatVector.fromArray(F, b, src + q).intoArray(packed, dst + q);
                }
                if (column) {
                    packed[k * WIDTH + p] = b[src + WIDTH];
                }
            }
        } else {
            // op(B)(p, j) = b[offB + j·ldb + p]: each column of op(B) is contiguous
            for (int j = 0; j < WIDTH; j++) {
                for (int p = 0, src = offB + j * ldb; p < k; p++) {
                    packed[p * WIDTH + j] = b[src + p];
                }
            }
            if (column) {
                System.arraycopy(b, offB + WIDTH * ldb, packed, k * WIDTH, k);
            }
        }
        return packed;
    }
}
