package dev.resvec.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SgemmKernel#packForTransposedProduct}: a packing of A for transposed products only gives, in every product
 * the driver computes transposed, bitwise what the plain call computes (both transposes of A, a padded leading
 * dimension and an offset, packed on 1 and 2 threads, into a new array or into longer scratch holding garbage); it
 * packs into the scratch it is given; and a product that would not run transposed fails with a clear error instead
 * of reading a layout that is not there.
 */
class PackForTransposedProductTest {
    /** m × n × k, each a thin product on every provider that swaps (ResNet's 512@7×7 and 256@14×14 at batch 1). */
    private static final int[][] SHAPES = {{512, 49, 4608}, {320, 49, 144}, {1024, 17, 300}};

    @Test
    void transposedProductsGiveThePlainCallsBits() {
        boolean anyRan = false;
        for (Backend backend : Backends.available()) {
            SgemmKernel kernel = backend.sgemm();
            for (int[] shape : SHAPES) {
                int m = shape[0], n = shape[1], k = shape[2];
                if (!kernel.transposesWithSource(m, n, k)) {
                    continue;
                }
                anyRan = true;
                for (boolean transA : new boolean[] {false, true}) {
                    SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k + (transA ? 1 : 0));
                    int offA = 5, lda = (transA ? m : k) + 3;
                    float[] a = fill(random, offA + (transA ? k : m) * lda);
                    float[] b = fill(random, k * n);
                    float[] expected = new float[m * n];
                    kernel.sgemm(transA, false, m, n, k, 1f, a, offA, lda, b, 0, n, 0f, expected, 0, n,
                            GemmEpilogue.none(), Parallelism.singleThread());
                    for (int threads = 1; threads <= 2; threads++) {
                        Parallelism p = Parallelism.threads(threads);
                        float[] scratch = fill(random, kernel.transposedPackSize(m, k) + 40);
                        for (float[] dest : new float[][] {null, new float[1], scratch}) {
                            PackedPanels panels = kernel.packForTransposedProduct(transA, m, k, a, offA, lda, dest, p);
                            assertEquals(m, panels.rows());
                            assertEquals(k, panels.columns());
                            if (dest == scratch) {
                                assertSame(scratch, panels.right(), "packs into the scratch it is given");
                            }
                            float[] c = new float[m * n];
                            Arrays.fill(c, Float.NaN);
                            kernel.sgemm(panels, false, n, 1f, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), p);
                            assertArrayEquals(expected, c, backend + ", " + m + "×" + n + "×" + k + ", transA "
                                    + transA + ", " + threads + " thread(s), dest "
                                    + (dest == null ? "null" : dest.length));
                        }
                    }
                }
            }
        }
        // the vector provider swaps these shapes on every species the tests force; the scalar one never does
        assertTrue(anyRan || Backends.available().stream().noneMatch(b -> b.sgemm() instanceof BlisGemm g
                && g.swapsSources()), "no provider ran a transposed product");
    }

    @Test
    void aProductThatIsNotTransposedFailsClearly() {
        for (Backend backend : Backends.available()) {
            SgemmKernel kernel = backend.sgemm();
            int m = 64, k = 32, n = 512;   // wide: never transposed
            float[] a = fill(new SplittableRandom(3), m * k), b = fill(new SplittableRandom(4), k * n);
            PackedPanels panels = kernel.packForTransposedProduct(false, m, k, a, 0, k, null,
                    Parallelism.singleThread());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernel.sgemm(panels, false,
                    n, 1f, b, 0, n, 0f, new float[m * n], 0, n, GemmEpilogue.none(), Parallelism.singleThread()));
            assertTrue(e.getMessage().contains("64x32") && e.getMessage().contains("transposed"), e.getMessage());
        }
    }

    private static float[] fill(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
