package dev.resvec.kernels;

import static dev.resvec.kernels.ConvTestSupport.U;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.conv.ShiftedBackends;
import dev.resvec.kernels.internal.conv.ShiftedFilterGradient;
import dev.resvec.kernels.internal.conv.ShiftedKernels;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ShiftedFilterGradient} on every backend against the double-precision direct filter gradient, with the
 * default chunk budgets and with tiny ones (bands of one output row, one unit per chunk, planes that hold a single
 * row), so band edges, chunk edges, stacked images and runs that are not a multiple of the lanes occur on small
 * shapes; and bitwise the same for 1, 2 and 3 threads (the library pool). Outputs are prefilled with NaN
 * (overwritten, never accumulated into) and the sentinels around them must stay.
 *
 * <p>Tolerance: {@code 1.01·n·u·Σ|g·x|} per filter element with n = {@link ShiftedFilterGradient#roundings} (the
 * most roundings a product goes through: its lane's chain over a unit, the masked last step, one addition per unit,
 * the final rounding of the folded lanes; derivation in the class comment), 1.01 covering 1/(1 − n·u) and the double
 * reference's own error.
 */
class ShiftedFilterGradientTest {
    /** Budgets: {plane floats, positions}; the tiny ones force one output row per band and one band per chunk. */
    private static final int[][] BUDGETS = {{1 << 20, 512}, {1, 1}, {300, 37}};

    /** Any geometry (kernels 1–7, strides 1–3, padding, dilation, groups) and the awkward 1×1/3×3/5×5 ones. */
    @Provide
    Arbitrary<ConvShape> shapes() {
        return Arbitraries.oneOf(ConvShapes.general(), ConvShapes.pointwise(), ConvShapes.winograd(), awkward());
    }

    /** Kernels 1, 3 and 5, stride 1 or 2, padding 0 or 1, the channel counts around 8 and 16. */
    private static Arbitrary<ConvShape> awkward() {
        Arbitrary<Integer> channels = Arbitraries.of(1, 2, 3, 5, 7, 8, 9, 13, 15, 16, 17, 31, 33);
        Arbitrary<Integer> sizes = Arbitraries.of(1, 3, 5, 7, 8, 9, 11, 15, 16, 17, 23, 32);
        Arbitrary<Integer> kernels = Arbitraries.of(1, 3, 5);
        Arbitrary<Integer> strides = Arbitraries.of(1, 2);
        Arbitrary<Integer> pads = Arbitraries.of(0, 1);
        return Combinators.combine(ConvShapes.batches(), channels, channels, sizes, sizes, kernels, strides, pads)
                .as((n, c, k, h, w, r, st, p) -> ConvShapes.build(new int[] {r, r, st, st, p, p, 1, 1},
                        new int[] {n, 0, c, k, h, w}))
                .withoutEdgeCases();
    }

    @Property(tries = 120, seed = TestSeeds.SEED)
    void matchesTheDirectFilterGradient(@ForAll("shapes") ConvShape s, @ForAll long seed) {
        Random rnd = new Random(seed);
        int offIn = rnd.nextInt(9), offG = rnd.nextInt(9), offGw = rnd.nextInt(9), tail = rnd.nextInt(4);
        float[] in = ConvTestSupport.data(rnd, offIn, s.inputSize(), tail);
        float[] g = ConvTestSupport.data(rnd, offG, s.outputSize(), tail);
        float[] inCopy = in.clone(), gCopy = g.clone();
        double[][] expected = ConvTestSupport.filterReference(s, in, offIn, g, offG);
        for (Backend backend : TestBackends.all()) {
            ShiftedKernels kernels = ShiftedBackends.of(backend);
            for (int[] budget : BUDGETS) {
                String who = "shifted filter gradient on " + backend.provider().describe() + " (budgets "
                        + budget[0] + " floats, " + budget[1] + " positions)";
                float[] gradW = ConvTestSupport.output(offGw, s.filterSize(), tail, Float.NaN);
                ShiftedFilterGradient.run(kernels, s, in, offIn, g, offG, gradW, offGw, Parallelism.singleThread(),
                        budget[0], budget[1], Long.MAX_VALUE);
                double factor = 1.01 * ShiftedFilterGradient.roundings(s, kernels.lanes(), budget[0], budget[1]) * U;
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
            ShiftedKernels kernels = ShiftedBackends.of(backend);
            for (int[] budget : BUDGETS) {
                float[] one = new float[s.filterSize()];
                ShiftedFilterGradient.run(kernels, s, in, 0, g, 0, one, 0, Parallelism.singleThread(), budget[0],
                        budget[1], 0);
                for (int threads = 2; threads <= 3; threads++) {
                    float[] many = new float[s.filterSize()];
                    // no least work: the task split runs on every shape
                    ShiftedFilterGradient.run(kernels, s, in, 0, g, 0, many, 0, Parallelism.threads(threads),
                            budget[0], budget[1], 0);
                    assertArrayEquals(one, many, "shifted filter gradient on " + backend.provider().describe()
                            + ", " + threads + " threads against 1, on " + s.describe());
                }
            }
        }
    }

    /** The facade on CIFAR ResNet layers (banded and stacked), large enough for the threads to split them. */
    @Example
    void facadeGivesTheSameBitsOnEveryThreadCount() {
        for (ConvShape s : new ConvShape[] {ConvShape.of(4, 16, 32, 32, 16, 3, 1, 1),
                ConvShape.of(5, 32, 16, 16, 64, 3, 2, 1)}) {
            assertTrue(ShiftedFilterGradient.pays(s), s.describe());
            Random rnd = new Random(17);
            float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
            float[] g = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
            ConvTestSupport.filterGradientOnEveryThreadCount(s, in, g);
        }
    }

    @Example
    void aShortFilterGradientArrayIsRejectedByName() {
        ConvShape s = ConvShape.of(2, 16, 8, 8, 16, 3, 1, 1);
        float[] in = new float[s.inputSize()];
        float[] g = new float[s.outputSize()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Convolution.backwardFilter(s, ConvAlgorithm.AUTO, in, 0, g, 0, new float[s.filterSize() - 1], 0,
                        null, 0, Parallelism.singleThread()));
        assertTrue(e.getMessage().contains("gradW") && e.getMessage().contains(String.valueOf(s.filterSize())),
                e.getMessage());
    }
}
