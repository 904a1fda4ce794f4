package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.GemmBlocking;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An element's bits do not depend on the register tile it falls in: a product whose rows are whole tiles (on the
 * vector provider, the last depth block's whole-tile write-back with bias per row, residual and ReLU, beta 0 or 1),
 * and a thin product that the driver computes transposed (its VL×VL blocks' write-back), against the same rows
 * computed one call per row (a one-row edge tile: the scalar write-back, {@code GemmWriteBack.storeScalar}), on
 * every backend.
 */
class GemmTileBitsTest {

    @Property(tries = 40, seed = TestSeeds.SEED)
    void wholeTilesGiveTheBitsOfOneRowCalls(@ForAll @IntRange(min = 1, max = 4) int rowTiles,
                                            @ForAll @IntRange(min = 1, max = 3) int columnTiles,
                                            @ForAll @IntRange(min = 1, max = 700) int k, @ForAll boolean betaOne,
                                            @ForAll boolean rowBias, @ForAll boolean residual,
                                            @ForAll boolean relu, @ForAll long seed) {
        for (Backend backend : TestBackends.all()) {
            GemmBlocking blocking = ((BlisGemm) backend.sgemm()).blocking();
            sameBitsByRows(backend, rowTiles * blocking.mr(), columnTiles * blocking.nr(), k, betaOne, rowBias,
                    residual, relu, seed);
        }
    }

    /**
     * The same for thin products, which the driver computes transposed (Cᵀ = Bᵀ·Aᵀ) and writes back block by block
     * from the transpose (on the vector provider, VL×VL blocks through the same epilogue steps). With beta = 1 the
     * product stays within one depth block: the transposed path adds beta·C to the finished sum, the plain one to the
     * first block's, so over several blocks the two round differently (by design, not by tile).
     */
    @Property(tries = 30, seed = TestSeeds.SEED)
    void thinProductsGiveTheBitsOfOneRowCalls(@ForAll @IntRange(min = 4, max = 16) int rowBlocks,
                                              @ForAll @IntRange(min = 1, max = 60) int n,
                                              @ForAll @IntRange(min = 300, max = 700) int k, @ForAll boolean betaOne,
                                              @ForAll boolean rowBias, @ForAll boolean residual,
                                              @ForAll boolean relu, @ForAll long seed) {
        for (Backend backend : TestBackends.all()) {
            int depth = betaOne ? Math.min(k, ((BlisGemm) backend.sgemm()).blocking().kc()) : k;
            sameBitsByRows(backend, rowBlocks * 16, n, depth, betaOne, rowBias, residual, relu, seed);
        }
    }

    private static void sameBitsByRows(Backend backend, int m, int n, int k, boolean betaOne, boolean rowBias,
                                       boolean residual, boolean relu, long seed) {
        Random rnd = new Random(seed);
        float[] a = GemmProblem.matrix(rnd, 0, m, k, k, 0f);
        float[] b = GemmProblem.matrix(rnd, 0, k, n, n, 0f);
        float[] bias = GemmProblem.matrix(rnd, 0, 1, m, m, 0f);
        float[] res = GemmProblem.matrix(rnd, 0, m, n, n, 0f);
        float[] whole = GemmProblem.matrix(rnd, 0, m, n, n, 0f);
        float[] byRows = whole.clone();
        float beta = betaOne ? 1f : 0f;
        backend.sgemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, beta, whole, 0, n,
                epilogue(rowBias ? bias : null, 0, residual ? res : null, 0, n, relu),
                Parallelism.singleThread());
        for (int i = 0; i < m; i++) {
            backend.sgemm().sgemm(false, false, 1, n, k, 1f, a, i * k, k, b, 0, n, beta, byRows, i * n, n,
                    epilogue(rowBias ? bias : null, i, residual ? res : null, i * n, n, relu),
                    Parallelism.singleThread());
        }
        assertArrayEquals(byRows, whole, backend.provider().describe() + ": " + m + "×" + k + "·" + k + "×" + n
                + ", beta " + beta + ", bias " + rowBias + ", residual " + residual + ", relu " + relu);
    }

    private static GemmEpilogue epilogue(float[] bias, int biasOff, float[] res, int resOff, int ld, boolean relu) {
        GemmEpilogue e = GemmEpilogue.none();
        if (bias != null) {
            e = e.withRowBias(bias, biasOff);
        }
        if (res != null) {
            e = e.withResidual(res, resOff, ld);
        }
        return relu ? e.withRelu() : e;
    }
}
