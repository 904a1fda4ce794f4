package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.ConvErrorBound.Direction;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@link ConvErrorBound#relative}: every algorithm and direction of the public {@link Convolution} entries (active
 * provider, default threads) within it on every element, against the double-precision direct convolution, on the
 * generated shapes of the other convolution tests. The largest {@code err/(u·Σ|terms|)} per algorithm and direction
 * is printed at the end ({@code ConvErrorBound measured: ...}): the measurement behind the Winograd constants and
 * the figures in {@link ConvAlgorithm}'s Javadoc.
 */
class ConvErrorBoundTest {
    private static final Map<String, double[]> WORST = new TreeMap<>();

    @Provide
    Arbitrary<ConvShape> general() {
        return ConvShapes.general();
    }

    @Provide
    Arbitrary<ConvShape> pointwise() {
        return ConvShapes.pointwise();
    }

    @Provide
    Arbitrary<ConvShape> winograd() {
        return ConvShapes.winograd();
    }

    @Provide
    Arbitrary<ConvAlgorithm> winogradAlgorithms() {
        return Arbitraries.of(ConvAlgorithm.WINOGRAD_F2X2_3X3, ConvAlgorithm.WINOGRAD_F4X4_3X3);
    }

    @Provide
    Arbitrary<Direction> directions() {
        return Arbitraries.of(Direction.values());
    }

    @Property(tries = 40, seed = TestSeeds.SEED)
    void im2colIsWithinItsRelativeBound(@ForAll("general") ConvShape s, @ForAll("directions") Direction d,
                                       @ForAll long seed) {
        check(s, ConvAlgorithm.IM2COL_GEMM, d, seed);
    }

    @Property(tries = 40, seed = TestSeeds.SEED)
    void pointwiseIsWithinItsRelativeBound(@ForAll("pointwise") ConvShape s, @ForAll("directions") Direction d,
                                          @ForAll long seed) {
        check(s, ConvAlgorithm.POINTWISE_GEMM, d, seed);
    }

    @Property(tries = 60, seed = TestSeeds.SEED)
    void winogradIsWithinItsRelativeBound(@ForAll("winograd") ConvShape s,
                                         @ForAll("winogradAlgorithms") ConvAlgorithm a,
                                         @ForAll("directions") Direction d, @ForAll long seed) {
        check(s, a, d, seed);
    }

    /** The ResNet layers the benchmarks check (batch 1), forward, where Winograd's bound matters most. */
    @Example
    void resnetLayersAreWithinTheRelativeBound() {
        for (ConvShape s : new ConvShape[] {ConvShape.of(1, 64, 56, 56, 64, 3, 1, 1),
                ConvShape.of(1, 256, 14, 14, 256, 3, 1, 1), ConvShape.of(1, 512, 7, 7, 512, 3, 1, 1)}) {
            for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.WINOGRAD_F2X2_3X3,
                    ConvAlgorithm.WINOGRAD_F4X4_3X3, ConvAlgorithm.IM2COL_GEMM}) {
                check(s, a, Direction.FORWARD, 11);
            }
        }
    }

    @Example
    void theGemmBoundsAreTheProvenOnesAndAutoIsTheChoice() {
        ConvShape s = ConvShape.of(2, 64, 14, 14, 32, 3, 2, 1);
        int k = 64 * 9;
        assertEquals(1.01 * ConvErrorBound.forwardRoundings(s) * ConvErrorBound.U,
                ConvErrorBound.relative(s, ConvAlgorithm.IM2COL_GEMM, Direction.FORWARD));
        assertTrue(ConvErrorBound.forwardRoundings(s) >= k + 4, "k + nb + 3 with nb >= 1");
        assertEquals(ConvErrorBound.relative(s, Convolution.choose(s), Direction.BACKWARD_DATA),
                ConvErrorBound.relative(s, ConvAlgorithm.AUTO, Direction.BACKWARD_DATA));
        ConvShape w = ConvShape.of(1, 64, 56, 56, 64, 3, 1, 1);
        assertTrue(ConvErrorBound.relative(w, ConvAlgorithm.WINOGRAD_F4X4_3X3, Direction.FORWARD)
                > ConvErrorBound.relative(w, ConvAlgorithm.WINOGRAD_F2X2_3X3, Direction.FORWARD));
        assertThrows(IllegalArgumentException.class,
                () -> ConvErrorBound.relative(s, ConvAlgorithm.WINOGRAD_F2X2_3X3, Direction.FORWARD));
    }

    private static void check(ConvShape s, ConvAlgorithm a, Direction d, long seed) {
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
        float[] w = ConvTestSupport.data(rnd, 0, s.filterSize(), 0);
        float[] g = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
        double[][] ref;
        float[] got;
        switch (d) {
            case FORWARD -> {
                ref = ConvTestSupport.forwardReference(s, in, 0, w, 0, null, 0, null, 0, false);
                got = new float[s.outputSize()];
                Convolution.forward(s, a, in, 0, w, 0, got, 0, ConvEpilogue.none(), Parallelism.defaults());
            }
            case BACKWARD_DATA -> {
                ref = ConvTestSupport.dataReference(s, g, 0, w, 0);
                got = new float[s.inputSize()];
                Convolution.backwardData(s, a, g, 0, w, 0, got, 0, Parallelism.defaults());
            }
            default -> {
                ref = ConvTestSupport.filterReference(s, in, 0, g, 0);
                got = new float[s.filterSize()];
                Convolution.backwardFilter(s, a, in, 0, g, 0, got, 0, null, 0, Parallelism.defaults());
            }
        }
        double eps = ConvErrorBound.relative(s, a, d);
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - ref[0][i]);
            if (!(err <= eps * ref[1][i])) {
                throw new AssertionError(a + " " + d + " on " + s.describe() + ": element " + i + " = " + got[i]
                        + ", expected " + ref[0][i] + ", error " + err + " > " + eps + "·Σ|terms| = "
                        + eps * ref[1][i]);
            }
            if (ref[1][i] > 0) {
                worst = Math.max(worst, err / (ConvErrorBound.U * ref[1][i]));
            }
        }
        double bound = eps / ConvErrorBound.U;
        synchronized (WORST) {
            double t = d == Direction.BACKWARD_FILTER ? 0
                    : a == ConvAlgorithm.WINOGRAD_F2X2_3X3 ? ConvErrorBound.F2X2_TRANSFORMS
                    : a != ConvAlgorithm.WINOGRAD_F4X4_3X3 ? 0
                    : d == Direction.FORWARD ? ConvErrorBound.F4X4_TRANSFORMS : ConvErrorBound.F4X4_DATA_TRANSFORMS;
            // worst − (bound − t): for Winograd the share of the transforms beyond the GEMM's proven depth + nb
            WORST.merge(a + " " + d, new double[] {worst, bound, worst / bound, worst - (bound - t)},
                    (x, y) -> new double[] {Math.max(x[0], y[0]), Math.max(x[1], y[1]), Math.max(x[2], y[2]),
                            Math.max(x[3], y[3])});
        }
    }

    @AfterContainer
    static void report() {
        synchronized (WORST) {
            WORST.forEach((k, v) -> System.out.println(String.format(Locale.ROOT,
                    "ConvErrorBound measured: %-40s worst err/(u·Σ|terms|) %8.2f, largest bound %8.1f u,"
                            + " largest err/bound %.3f, transforms' share %.2f", k, v[0], v[1], v[2], v[3])));
        }
    }
}
