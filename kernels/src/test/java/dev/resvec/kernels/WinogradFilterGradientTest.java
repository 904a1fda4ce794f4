package dev.resvec.kernels;

import static dev.resvec.kernels.ConvTestSupport.U;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.conv.WinogradFilterGradient;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link WinogradFilterGradient} on every backend against the double-precision direct filter gradient, over the
 * Winograd shapes (batch 1–6, channels 1–70, sizes 1–40, paddings 0–2 drawn per side), with a block budget that
 * holds the whole batch and with one so small that every image is a block of its own (the later blocks add into ∂U); bitwise the same for
 * 1, 2 and 3 threads; and the facade's routing. Outputs are prefilled with NaN (overwritten, never accumulated into)
 * and the sentinels around them must stay.
 *
 * <p>Tolerance: {@code 1.01·n·u·Φ} per filter element, n = {@link WinogradFilterGradient#roundings} (the most
 * roundings a term goes through) and Φ the magnitude of every term the transformed sums carry, computed here in
 * double by the same algorithm on absolute values ({@link #phi}): the proven bound, whatever the shape. (Relative
 * to the element's own Σ|∂y·x| no bound can be proven: on a 1×3 input padded 2×0, a tap whose few terms nearly
 * vanish shares its tiles with large ones, and the error reached 1664 u·Σ|∂y·x|. The facade's bound, on the shapes
 * it routes here, is checked in {@link #theFacadeRoutesWideLayersHere} and by {@code ConvBackwardTest}.)
 */
class WinogradFilterGradientTest {
    /** Block budgets: one that holds every test batch, and one float (a block per image). */
    private static final int[] BLOCKS = {1 << 22, 1};

    @Provide
    Arbitrary<ConvShape> shapes() {
        return Arbitraries.oneOf(ConvShapes.winograd(), ConvShapes.winograd().map(s -> s.withBatch(s.batch() + 3)));
    }

    @Property(tries = 80, seed = TestSeeds.SEED)
    void matchesTheDirectFilterGradient(@ForAll("shapes") ConvShape s, @ForAll long seed) {
        Random rnd = new Random(seed);
        int offIn = rnd.nextInt(9), offG = rnd.nextInt(9), offGw = rnd.nextInt(9), tail = rnd.nextInt(4);
        float[] in = ConvTestSupport.data(rnd, offIn, s.inputSize(), tail);
        float[] g = ConvTestSupport.data(rnd, offG, s.outputSize(), tail);
        float[] inCopy = in.clone(), gCopy = g.clone();
        double[][] expected = ConvTestSupport.filterReference(s, in, offIn, g, offG);
        double[] phi = phi(s, in, offIn, g, offG);
        for (Backend backend : TestBackends.all()) {
            for (int block : BLOCKS) {
                String who = "Winograd filter gradient on " + backend.provider().describe() + " (block budget "
                        + block + ")";
                float[] gradW = ConvTestSupport.output(offGw, s.filterSize(), tail, Float.NaN);
                WinogradFilterGradient.run(backend, s, in, offIn, g, offG, gradW, offGw, Parallelism.singleThread(),
                        block, Long.MAX_VALUE);
                ConvTestSupport.check(who, s, gradW, offGw, expected[0], phi, factor(s, backend, block));
                ConvTestSupport.unchanged(who, s, "in", inCopy, in);
                ConvTestSupport.unchanged(who, s, "gradOut", gCopy, g);
            }
        }
    }

    @Property(tries = 40, seed = TestSeeds.SEED)
    void everyThreadCountGivesTheSameBits(@ForAll("shapes") ConvShape s, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
        float[] g = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
        for (Backend backend : TestBackends.all()) {
            for (int block : BLOCKS) {
                float[] one = new float[s.filterSize()];
                WinogradFilterGradient.run(backend, s, in, 0, g, 0, one, 0, Parallelism.singleThread(), block, 0);
                for (int threads = 2; threads <= 3; threads++) {
                    float[] many = new float[s.filterSize()];
                    // no least work: every split runs on every shape
                    WinogradFilterGradient.run(backend, s, in, 0, g, 0, many, 0, Parallelism.threads(threads), block,
                            0);
                    assertArrayEquals(one, many, "Winograd filter gradient on " + backend.provider().describe()
                            + ", " + threads + " threads against 1, block budget " + block + ", on " + s.describe());
                }
            }
        }
    }

    /** The facade runs it where it pays, with the same bits on every thread count, inside the facade's bound. */
    @Example
    void theFacadeRoutesWideLayersHere() {
        ConvShape s = ConvShape.of(3, 40, 12, 11, 33, 3, 1, 1);
        assertTrue(WinogradFilterGradient.pays(s), s.describe());
        Random rnd = new Random(23);
        float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
        float[] g = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
        float[] direct = new float[s.filterSize()];
        WinogradFilterGradient.run(Backends.active(), s, in, 0, g, 0, direct, 0, Parallelism.singleThread());
        double[][] expected = ConvTestSupport.filterReference(s, in, 0, g, 0);
        for (int threads = 1; threads <= 3; threads++) {
            float[] got = new float[s.filterSize()];
            Convolution.backwardFilter(s, ConvAlgorithm.AUTO, in, 0, g, 0, got, 0, null, 0,
                    Parallelism.threads(threads));
            assertArrayEquals(direct, got, threads + " threads through the facade, on " + s.describe());
        }
        double facade = 1.01 * ConvErrorBound.filterRoundings(s, ConvAlgorithm.AUTO) * U;
        ConvTestSupport.check("facade", s, direct, 0, expected[0], expected[1], facade);
    }

    @Example
    void paysOnWideLayersWithEnoughTiles() {
        assertTrue(WinogradFilterGradient.pays(ConvShape.of(64, 64, 8, 8, 64, 3, 1, 1)), "CIFAR 64@8×8, batch 64");
        assertTrue(WinogradFilterGradient.pays(ConvShape.of(1, 256, 14, 14, 256, 3, 1, 1)), "256@14×14, batch 1");
        assertFalse(WinogradFilterGradient.pays(ConvShape.of(64, 16, 32, 32, 16, 3, 1, 1)), "16 channels");
        assertFalse(WinogradFilterGradient.pays(ConvShape.of(1, 512, 7, 7, 512, 3, 1, 1)), "16 tiles of 512×512");
        assertTrue(WinogradFilterGradient.pays(ConvShape.of(4, 512, 7, 7, 512, 3, 1, 1)), "64 tiles of 512×512");
        assertFalse(WinogradFilterGradient.pays(ConvShape.of(8, 64, 16, 16, 64, 3, 2, 1)), "stride 2");
    }

    private static double factor(ConvShape s, Backend backend, int block) {
        return 1.01 * WinogradFilterGradient.roundings(s, ConvErrorBound.gemmKc(backend),
                WinogradFilterGradient.lanes(backend), block) * U;
    }

    /**
     * Φ per filter element ({@code [k][c][r][s]}): {@code |Gᵀ|·Σ_{n,tiles}(|A|·|∂Y|·|Aᵀ| ⊙ |Bᵀ|·|d|·|B|)·|G|}, in
     * double, on the zero-padded 4×4 input windows and 2×2 output-gradient tiles.
     */
    static double[] phi(ConvShape s, float[] in, int offIn, float[] g, int offG) {
        int n = s.batch(), c = s.inChannels(), k = s.outChannels(), h = s.height(), w = s.width();
        int oh = s.outHeight(), ow = s.outWidth(), th = (oh + 1) / 2, tw = (ow + 1) / 2;
        double[][] bt = {{1, 0, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}};   // |Bᵀ|
        double[][] a = {{1, 0}, {1, 1}, {1, 1}, {0, 1}};                            // |A|
        double[][] gm = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0, 0, 1}};   // |G|
        double[] sum = new double[16 * k * c];
        double[] v = new double[16 * c], m = new double[16 * k];
        for (int img = 0; img < n; img++) {
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int i = 0; i < 4; i++) {
                            for (int j = 0; j < 4; j++) {
                                double acc = 0;
                                for (int p = 0; p < 4; p++) {
                                    for (int q = 0; q < 4; q++) {
                                        int y = 2 * ty + p - s.padH(), x = 2 * tx + q - s.padW();
                                        double d = y < 0 || y >= h || x < 0 || x >= w ? 0
                                                : Math.abs(in[offIn + ((img * c + ch) * h + y) * w + x]);
                                        acc += bt[i][p] * d * bt[j][q];
                                    }
                                }
                                v[(i * 4 + j) * c + ch] = acc;
                            }
                        }
                    }
                    for (int o = 0; o < k; o++) {
                        for (int i = 0; i < 4; i++) {
                            for (int j = 0; j < 4; j++) {
                                double acc = 0;
                                for (int p = 0; p < 2; p++) {
                                    for (int q = 0; q < 2; q++) {
                                        int y = 2 * ty + p, x = 2 * tx + q;
                                        double d = y >= oh || x >= ow ? 0
                                                : Math.abs(g[offG + ((img * k + o) * oh + y) * ow + x]);
                                        acc += a[i][p] * d * a[j][q];
                                    }
                                }
                                m[(i * 4 + j) * k + o] = acc;
                            }
                        }
                    }
                    for (int xi = 0; xi < 16; xi++) {
                        for (int o = 0; o < k; o++) {
                            double mo = m[xi * k + o];
                            for (int ch = 0; ch < c; ch++) {
                                sum[(xi * k + o) * c + ch] += mo * v[xi * c + ch];
                            }
                        }
                    }
                }
            }
        }
        double[] phi = new double[k * c * 9];
        for (int o = 0; o < k; o++) {
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < 3; r++) {
                    for (int q = 0; q < 3; q++) {
                        double acc = 0;
                        for (int i = 0; i < 4; i++) {
                            for (int j = 0; j < 4; j++) {
                                acc += gm[i][r] * sum[((i * 4 + j) * k + o) * c + ch] * gm[j][q];
                            }
                        }
                        phi[(o * c + ch) * 9 + r * 3 + q] = acc;
                    }
                }
            }
        }
        return phi;
    }
}
