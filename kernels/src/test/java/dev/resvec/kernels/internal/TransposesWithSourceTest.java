package dev.resvec.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SgemmKernel#transposesWithSource} says what the driver then does: a product with a pre-packed A and an
 * {@link OperandSource} builds A's right-operand layout exactly where the predicate says it runs transposed (the
 * convolution's training path routes such thin products around the one-call packing on its word).
 */
class TransposesWithSourceTest {
    /** m × n × k: ResNet layers at batch 1 (thin: 7×7 and 14×14 outputs) and wide ones. */
    private static final int[][] SHAPES = {
            {512, 49, 4608}, {512, 25, 4608}, {256, 196, 2304}, {128, 98, 1152}, {64, 3136, 576}, {32, 256, 144},
            {16, 1024, 27}, {9, 7, 5}};

    @Test
    void predicateMatchesTheDriver() {
        for (Backend backend : Backends.available()) {
            SgemmKernel kernel = backend.sgemm();
            boolean anyTransposed = false;
            for (int[] shape : SHAPES) {
                int m = shape[0], n = shape[1], k = shape[2];
                SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k);
                float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) random.nextDouble(-1, 1);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) random.nextDouble(-1, 1);
                }
                PackedPanels panels = kernel.pack(false, m, k, a, 0, k);
                kernel.sgemm(panels, rowMajor(b, n), n, 1f, 0f, c, 0, n, GemmEpilogue.none(),
                        Parallelism.threads(2));
                boolean predicted = kernel.transposesWithSource(m, n, k);
                assertEquals(predicted, panels.hasRightLayout(),
                        backend + ": " + m + "×" + n + "×" + k + " predicted transposed = " + predicted);
                anyTransposed |= predicted;
            }
            // where the provider swaps products with a source at all, the thin shapes must cover that case
            boolean swaps = kernel instanceof BlisGemm blis && blis.swapsSources();
            assertEquals(swaps, anyTransposed, backend + ": swaps sources = " + swaps);
        }
    }

    /** op(B) = the k×n row-major matrix b, packed strip by strip as the driver asks. */
    private static OperandSource rowMajor(float[] b, int n) {
        return (pc, kc, jc, nc, nr, bp, off) -> {
            for (int s = 0; s * nr < nc; s++) {
                for (int p = 0; p < kc; p++) {
                    for (int q = 0; q < nr; q++) {
                        int col = s * nr + q;
                        bp[off + s * kc * nr + p * nr + q] = col < nc ? b[(pc + p) * n + jc + col] : 0f;
                    }
                }
            }
        };
    }
}
