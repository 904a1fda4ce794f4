package dev.resvec.kernels;

import static dev.resvec.kernels.ConvTestSupport.U;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.conv.ChannelsLastFilterGradient;
import dev.resvec.kernels.internal.conv.ChannelsLastGradientKernels;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ChannelsLastFilterGradient} on every backend whose kernels take the shape, against the double-precision
 * direct filter gradient: kernels 2–5 wide (so blocks of three taps end short and repeat a tap), strides 1–3,
 * padding 0–2, dilation 1–2, channel counts that are and are not multiples of the lanes, with the default groups of
 * images, one group and two; and bitwise the same for 1, 2 and 3 threads (whole groups per thread, or each image's
 * blocks shared out where there are fewer groups than threads). Outputs are prefilled with
 * NaN (overwritten, never accumulated into) and the sentinels around them must stay.
 *
 * <p>Tolerance: {@code 1.01·n·u·Σ|g·x|} per filter element with n = {@link ChannelsLastFilterGradient#roundings}
 * (an element's float chain over one image's positions, then one addition per later image of its group and per
 * later group), 1.01 covering
 * 1/(1 − n·u) and the double reference's own error.
 */
class ChannelsLastFilterGradientTest {
    /** Most groups of images: the default, one group (every image in one chain), two. */
    private static final int[] GROUPS = {ChannelsLastFilterGradient.MAX_GROUPS, 1, 2};

    @Provide
    Arbitrary<ConvShape> shapes() {
        Arbitrary<Integer> channels = Arbitraries.of(1, 3, 4, 8, 9, 16, 17, 32, 48);
        Arbitrary<Integer> outputs = Arbitraries.of(1, 4, 7, 8, 16, 24);
        Arbitrary<Integer> sizes = Arbitraries.of(1, 2, 3, 5, 7, 8, 9, 15, 16, 17);
        Arbitrary<int[]> kernel = Combinators.combine(Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(2, 5), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(1, 2)).as((r, sw, sh, sv, ph, pw, dh, dw) ->
                new int[] {r, sw, sh, sv, ph, pw, dh, dw});
        return Combinators.combine(kernel, Arbitraries.integers().between(1, 4), channels, outputs, sizes, sizes)
                .as((t, n, c, k, h, w) -> ConvShapes.build(t, new int[] {n, 0, c, k, h, w}))
                .withoutEdgeCases();
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void matchesTheDirectFilterGradient(@ForAll("shapes") ConvShape s, @ForAll long seed) {
        Random rnd = new Random(seed);
        int offIn = rnd.nextInt(9), offG = rnd.nextInt(9), offGw = rnd.nextInt(9), tail = rnd.nextInt(4);
        float[] in = ConvTestSupport.data(rnd, offIn, s.inputSize(), tail);
        float[] g = ConvTestSupport.data(rnd, offG, s.outputSize(), tail);
        float[] inCopy = in.clone(), gCopy = g.clone();
        double[][] expected = ConvTestSupport.filterReference(s, in, offIn, g, offG);
        double factor = 1.01 * ChannelsLastFilterGradient.roundings(s) * U;
        for (Backend backend : TestBackends.all()) {
            if (!ChannelsLastFilterGradient.accepts(s, ChannelsLastFilterGradient.kernels(backend))) {
                continue;
            }
            for (int groups : GROUPS) {
                String who = "channels-last filter gradient on " + backend.provider().describe() + " (at most "
                        + groups + " groups)";
                float[] gradW = ConvTestSupport.output(offGw, s.filterSize(), tail, Float.NaN);
                ChannelsLastFilterGradient.run(backend, s, in, offIn, g, offG, gradW, offGw,
                        Parallelism.singleThread(), groups, Long.MAX_VALUE);
                ConvTestSupport.check(who, s, gradW, offGw, expected[0], expected[1], factor);
                ConvTestSupport.unchanged(who, s, "in", inCopy, in);
                ConvTestSupport.unchanged(who, s, "gradOut", gCopy, g);
            }
        }
    }

    @Property(tries = 60, seed = TestSeeds.SEED)
    void everyThreadCountGivesTheSameBits(@ForAll("shapes") ConvShape s, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
        float[] g = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
        for (Backend backend : TestBackends.all()) {
            if (!ChannelsLastFilterGradient.accepts(s, ChannelsLastFilterGradient.kernels(backend))) {
                continue;
            }
            for (int groups : GROUPS) {
                float[] one = new float[s.filterSize()];
                ChannelsLastFilterGradient.run(backend, s, in, 0, g, 0, one, 0, Parallelism.singleThread(), groups,
                        0);
                for (int threads = 2; threads <= 3; threads++) {
                    float[] many = new float[s.filterSize()];
                    // no least work: the split runs on every shape
                    ChannelsLastFilterGradient.run(backend, s, in, 0, g, 0, many, 0, Parallelism.threads(threads),
                            groups, 0);
                    assertArrayEquals(one, many, "channels-last filter gradient on " + backend.provider().describe()
                            + ", " + threads + " threads against 1, at most " + groups + " groups, on " + s.describe());
                }
            }
        }
    }

    /** The facade on the CIFAR ResNet layers it takes, within the bound it states, on 1 to 3 threads. */
    @Example
    void facadeRunsItOnTheCifarLayersWithinItsBound() {
        boolean vector = Backends.active().provider().isVector();
        ChannelsLastGradientKernels kernels = ChannelsLastFilterGradient.kernels(Backends.active());
        for (ConvShape s : new ConvShape[] {ConvShape.of(3, 16, 32, 32, 16, 3, 1, 1),
                ConvShape.of(3, 16, 32, 32, 32, 3, 2, 1), ConvShape.of(5, 32, 16, 16, 64, 3, 2, 1)}) {
            if (s.strideH() > 1) {   // at stride 1 it also needs 16 lanes
                assertTrue(ChannelsLastFilterGradient.pays(s) == (vector && ChannelsLastFilterGradient.accepts(s,
                        kernels)), s.describe());
            }
            Random rnd = new Random(17);
            float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
            float[] g = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
            double[][] expected = ConvTestSupport.filterReference(s, in, 0, g, 0);
            float[] one = ConvTestSupport.filterGradientOnEveryThreadCount(s, in, g);
            ConvTestSupport.check("facade", s, one, 0, expected[0], expected[1],
                    1.01 * ConvErrorBound.filterRoundings(s, ConvAlgorithm.AUTO) * U);
        }
    }

    /**
     * Where it measured slower it does not run: 1×1 kernels, 8×8 planes at stride 1, images whose working set fills
     * the L2 cache (ImageNet's 64→128 at stride 2, 256@14×14).
     */
    @Example
    void itStaysOutWhereItLost() {
        assertFalse(ChannelsLastFilterGradient.pays(ConvShape.of(8, 16, 32, 32, 32, 1, 2, 0)));
        assertFalse(ChannelsLastFilterGradient.pays(ConvShape.of(8, 64, 8, 8, 64, 3, 1, 1)));
        assertFalse(ChannelsLastFilterGradient.pays(ConvShape.of(8, 64, 56, 56, 128, 3, 2, 1)));
        assertFalse(ChannelsLastFilterGradient.pays(ConvShape.of(1, 256, 14, 14, 256, 3, 1, 1)));
    }
}
