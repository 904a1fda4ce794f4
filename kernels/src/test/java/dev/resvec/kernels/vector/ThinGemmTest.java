package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.TestSeeds;
import dev.resvec.kernels.internal.GemmWriteBack;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ThinGemm} called straight, on whatever species this run has (its tile is then 3·VL columns wide), against
 * its contract written out in scalar Java: each element's depth blocks summed from zero in k order with the packed
 * path's multiply-add, the blocks' sums added in order, then C := relu(alpha·sum + beta·C + bias + residual) — bit
 * for bit, which also makes every thread count give the same bits. Over row counts around the six-row tile, depth
 * steps that cut k into one block or many, a transposed B, padded leading dimensions and offsets, and 1 to 3
 * threads on the library's pool or a caller's executor (one that runs tasks at once, one that rejects them). (Through the public entry, {@code GemmPackedTest} checks that these bits are the pre-packed A's.)
 */
class ThinGemmTest {
    @Provide
    Arbitrary<Integer> rows() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(1, 2, 5, 6, 7, 11, 12, 13, 17, 97)),
                Tuple.of(2, Arbitraries.integers().between(1, 130)));
    }

    @Property(tries = 100, seed = TestSeeds.SEED)
    void givesTheBitsItsContractDescribes(@ForAll("rows") int m, @ForAll boolean lastColumn,
                                          @ForAll @IntRange(min = 1, max = 700) int k,
                                          @ForAll @IntRange(min = 1, max = 700) int step, @ForAll boolean transB,
                                          @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll long seed) {
        Random rnd = new Random(seed);
        int n = ThinGemm.WIDTH + (lastColumn ? 1 : 0), depthStep = Math.min(step, k);
        int offA = rnd.nextInt(5), lda = k + rnd.nextInt(4);
        int offB = rnd.nextInt(5), ldb = (transB ? k : n) + rnd.nextInt(4);
        int offC = rnd.nextInt(5), ldc = n + rnd.nextInt(4);
        float[] a = RandomFloats.of(rnd, offA + (m - 1) * lda + k + 3);
        float[] b = RandomFloats.of(rnd, offB + ((transB ? n : k) - 1) * ldb + (transB ? k : n) + 3);
        float[] c = RandomFloats.of(rnd, offC + (m - 1) * ldc + n + 3);
        float alpha = rnd.nextBoolean() ? 1f : (float) (rnd.nextDouble() * 4 - 2);
        float beta = switch (rnd.nextInt(3)) {
            case 0 -> 0f;
            case 1 -> 1f;
            default -> (float) (rnd.nextDouble() * 4 - 2);
        };
        float[] bias = null, res = null;
        boolean rowBias = rnd.nextBoolean(), relu = rnd.nextBoolean();
        GemmEpilogue e = GemmEpilogue.none();
        if (rnd.nextBoolean()) {
            bias = RandomFloats.of(rnd, rowBias ? m : n);
            e = rowBias ? e.withRowBias(bias, 0) : e.withColumnBias(bias, 0);
        }
        if (rnd.nextBoolean()) {
            res = RandomFloats.of(rnd, m * n);
            e = e.withResidual(res, 0, n);
        }
        if (relu) {
            e = e.withRelu();
        }
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int pc = 0; pc < k; pc += depthStep) {
                    float block = 0f;
                    for (int p = pc; p < Math.min(k, pc + depthStep); p++) {
                        float bv = transB ? b[offB + j * ldb + p] : b[offB + p * ldb + j];
                        block = FMA ? Math.fma(a[offA + i * lda + p], bv, block) : a[offA + i * lda + p] * bv + block;
                    }
                    sum = pc == 0 ? block : block + sum;
                }
                int at = offC + i * ldc + j;
                float v = alpha * sum;
                if (beta != 0f) {
                    v += beta * c[at];
                }
                if (bias != null) {
                    v += bias[rowBias ? i : j];
                }
                if (res != null) {
                    v += res[i * n + j];
                }
                expected[at] = relu ? Math.max(v, 0f) : v;
            }
        }
        // the library's pool, a caller's executor that runs each task at once, or one that rejects them all
        Parallelism parallelism = switch (rnd.nextInt(3)) {
            case 0 -> Parallelism.threads(threads);
            case 1 -> Parallelism.on(Runnable::run, threads);
            default -> Parallelism.on(task -> {
                throw new RejectedExecutionException("this test's executor rejects everything");
            }, threads);
        };
        ThinGemm.multiply(transB, m, n, k, a, offA, lda, b, offB, ldb, depthStep, threads,
                new GemmWriteBack(c, offC, ldc, alpha, beta, e), parallelism);
        for (int at = 0; at < c.length; at++) {
            int where = at;
            assertEquals(Float.floatToRawIntBits(expected[at]), Float.floatToRawIntBits(c[at]),
                    () -> "m=" + m + " n=" + n + " k=" + k + " step=" + depthStep + " transB=" + transB + " threads="
                            + threads + " (" + parallelism + "): C differs at " + where);
        }
    }
}
