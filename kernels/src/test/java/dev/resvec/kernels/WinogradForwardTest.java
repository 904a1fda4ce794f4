package dev.resvec.kernels;

import static dev.resvec.kernels.WinogradTestSupport.U_DOUBLE;
import static dev.resvec.kernels.WinogradTestSupport.U_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.conv.WinogradBackends;
import dev.resvec.kernels.internal.conv.WinogradConvolution;
import dev.resvec.kernels.internal.conv.WinogradFilter;
import dev.resvec.kernels.internal.conv.WinogradGeometry;
import dev.resvec.kernels.internal.conv.WinogradKernels;
import dev.resvec.kernels.internal.conv.WinogradVariant;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Winograd forward, float and double, against the direct convolution in double, within the bound of
 * {@link WinogradTestSupport} (derived in {@code WinogradConvolution}): on both providers' kernels (single thread)
 * and through the public {@link Convolution#forward} (active provider, default threads), with every epilogue,
 * including a residual that is the output itself. Arrays carry NaN before and after the data, so reading outside
 * the input (instead of the zero padding) poisons the result; elements outside the output must stay as they were.
 */
class WinogradForwardTest {

    /** Sizes around the tiles (m = 2, 4), primes, and up to 40. */
    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13)),
                Tuple.of(3, Arbitraries.integers().between(1, 40)));
    }

    /** Channels: few, one below or above the vector lengths 4/8/16, and up to 70. */
    @Provide
    Arbitrary<Integer> channels() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(1, 2, 3, 5, 7, 8, 9, 15, 16, 17)),
                Tuple.of(3, Arbitraries.integers().between(1, 70)));
    }

    @Provide
    Arbitrary<ConvAlgorithm> winograd() {
        return Arbitraries.of(ConvAlgorithm.WINOGRAD_F2X2_3X3, ConvAlgorithm.WINOGRAD_F4X4_3X3);
    }

    /**
     * The shape, with K (then C) reduced so that the double reference costs at most 3·10⁶ multiply-adds, and the
     * padding raised, in the direction concerned, where the 3×3 kernel would not fit. The vertical and horizontal
     * padding are independent: the Winograd algorithms accept any padding, unequal included.
     */
    static ConvShape shape(int batch, int c, int h, int w, int k, int padH, int padW) {
        int ph = Math.max(padH, (3 - h + 1) / 2), pw = Math.max(padW, (3 - w + 1) / 2);
        int oh = h + 2 * ph - 2, ow = w + 2 * pw - 2;
        long perK = 9L * c * oh * ow * batch;
        int kk = (int) Math.max(1, Math.min(k, 3_000_000L / perK));
        int cc = (int) Math.max(1, Math.min(c, 3_000_000L / (9L * kk * oh * ow * batch)));
        return new ConvShape(batch, cc, h, w, kk, 3, 3, 1, 1, ph, pw, 1, 1, 1);
    }

    enum Residual { NONE, SEPARATE, IN_PLACE }

    @Property(tries = 120, seed = TestSeeds.SEED)
    void floatForwardMatchesTheDirectReference(@ForAll("winograd") ConvAlgorithm algorithm,
                                               @ForAll @IntRange(min = 1, max = 3) int batch,
                                               @ForAll("channels") int c, @ForAll("channels") int k,
                                               @ForAll("sizes") int h, @ForAll("sizes") int w,
                                               @ForAll @IntRange(max = 3) int padH, @ForAll @IntRange(max = 3) int padW,
                                               @ForAll boolean bias, @ForAll Residual residual, @ForAll boolean relu,
                                               @ForAll boolean smallBlocks, @ForAll long seed) {
        WinogradTestSupport.blocks(smallBlocks, () -> floatForward(algorithm, shape(batch, c, h, w, k, padH, padW),
                bias, residual, relu, seed));
    }

    private static void floatForward(ConvAlgorithm algorithm, ConvShape s, boolean bias, Residual residual,
                                     boolean relu, long seed) {
        Random rnd = new Random(seed);
        int offIn = rnd.nextInt(9), offW = rnd.nextInt(9), offOut = rnd.nextInt(9), offB = rnd.nextInt(5);
        float[] in = WinogradTestSupport.array(rnd, offIn, s.inputSize(), 1 + rnd.nextInt(8), Float.NaN);
        float[] wt = WinogradTestSupport.array(rnd, offW, s.filterSize(), rnd.nextInt(8), Float.NaN);
        float[] b = bias ? WinogradTestSupport.array(rnd, offB, s.outChannels(), rnd.nextInt(3), Float.NaN) : null;
        float[] res = residual == Residual.SEPARATE
                ? WinogradTestSupport.array(rnd, offOut, s.outputSize(), rnd.nextInt(8), Float.NaN) : null;
        // the output's initial contents: the residual for IN_PLACE, else a sentinel that must not leak
        float[] out0 = WinogradTestSupport.array(rnd, offOut, s.outputSize(), 1 + rnd.nextInt(8), -1234.5f);
        if (residual != Residual.IN_PLACE) {
            java.util.Arrays.fill(out0, offOut, offOut + s.outputSize(), Float.NaN); // overwritten, never read
        }

        // reference: direct convolution in double, then the epilogue in double
        double[] ref = new double[s.outputSize()];
        Convolution.forward(s, WinogradTestSupport.toDouble(in), offIn, WinogradTestSupport.toDouble(wt), offW,
                b == null ? null : WinogradTestSupport.toDouble(b), offB, ref, 0);
        double[] extra = new double[s.outputSize()];
        float[] resArr = residual == Residual.IN_PLACE ? out0 : res;
        int plane = s.outHeight() * s.outWidth();
        for (int i = 0; i < ref.length; i++) {
            int kk = (i / plane) % s.outChannels();
            extra[i] = b == null ? 0 : Math.abs(b[offB + kk]);
            if (resArr != null) {
                ref[i] += resArr[offOut + i];
                extra[i] += Math.abs(resArr[offOut + i]);
            }
            if (relu) {
                ref[i] = Math.max(ref[i], 0.0);
            }
        }
        WinogradVariant v = WinogradVariant.of(algorithm);
        double[] phi = WinogradTestSupport.magnitude(WinogradGeometry.forward(s, v),
                WinogradTestSupport.toDouble(in), offIn, WinogradTestSupport.toDouble(wt), offW, false);

        float[] inCopy = in.clone(), wCopy = wt.clone(), resCopy = res == null ? null : res.clone();
        for (Backend backend : TestBackends.all()) {
            WinogradKernels kern = WinogradBackends.of(backend);
            float[] out = out0.clone();
            ConvEpilogue e = epilogue(b, offB, residual == Residual.IN_PLACE ? out : res, offOut, relu);
            WinogradFilter f = WinogradConvolution.transformFilter(algorithm, s, wt, offW, kern);
            WinogradConvolution.forward(s, f, in, offIn, out, offOut, e, Parallelism.singleThread());
            String who = backend.provider().describe() + ", " + algorithm + ", " + s.describe() + ", " + e;
            WinogradTestSupport.check(who, out, offOut, ref, phi, extra,
                    WinogradTestSupport.floatRoundings(v, s.inChannels(), kern.blocking().kc()), U_FLOAT);
            WinogradTestSupport.untouchedOutside(who, out, out0, offOut, s.outputSize());
        }
        float[] out = out0.clone();
        ConvEpilogue e = epilogue(b, offB, residual == Residual.IN_PLACE ? out : res, offOut, relu);
        Convolution.forward(s, algorithm, in, offIn, wt, offW, out, offOut, e, Parallelism.defaults());
        String who = "Convolution.forward on " + Kernels.provider().describe() + ", " + algorithm + ", "
                + s.describe() + ", " + e;
        WinogradTestSupport.check(who, out, offOut, ref, phi, extra, WinogradTestSupport.floatRoundings(v,
                s.inChannels(), WinogradBackends.active().blocking().kc()), U_FLOAT);
        WinogradTestSupport.untouchedOutside(who, out, out0, offOut, s.outputSize());
        assertArrayEquals(inCopy, in, "input modified");
        assertArrayEquals(wCopy, wt, "filters modified");
        if (res != null) {
            assertArrayEquals(resCopy, res, "residual modified");
        }
    }

    private static ConvEpilogue epilogue(float[] b, int offB, float[] res, int offRes, boolean relu) {
        ConvEpilogue e = ConvEpilogue.none();
        if (b != null) {
            e = e.withBias(b, offB);
        }
        if (res != null) {
            e = e.withResidual(res, offRes);
        }
        return relu ? e.withRelu() : e;
    }

    /** The double twins: the same algorithm in double, within the bound at u = 2⁻⁵³ (plus the reference's own). */
    @Property(tries = 60, seed = TestSeeds.SEED)
    void doubleForwardMatchesTheDirectReference(@ForAll("winograd") ConvAlgorithm algorithm,
                                                @ForAll @IntRange(min = 1, max = 3) int batch,
                                                @ForAll("channels") int c, @ForAll("channels") int k,
                                                @ForAll("sizes") int h, @ForAll("sizes") int w,
                                                @ForAll @IntRange(max = 3) int padH,
                                                @ForAll @IntRange(max = 3) int padW, @ForAll boolean bias,
                                                @ForAll long seed) {
        ConvShape s = shape(batch, c, h, w, k, padH, padW);
        Random rnd = new Random(seed);
        int offIn = rnd.nextInt(9), offW = rnd.nextInt(9), offOut = rnd.nextInt(9);
        double[] in = WinogradTestSupport.toDouble(WinogradTestSupport.array(rnd, offIn, s.inputSize(), 3, 0f));
        double[] wt = WinogradTestSupport.toDouble(WinogradTestSupport.array(rnd, offW, s.filterSize(), 3, 0f));
        double[] b = bias ? WinogradTestSupport.toDouble(WinogradTestSupport.array(rnd, 0, s.outChannels(), 0, 0f))
                : null;
        double[] ref = new double[s.outputSize()];
        Convolution.forward(s, in, offIn, wt, offW, b, 0, ref, 0);
        double[] out = new double[offOut + s.outputSize()];
        Convolution.forward(s, algorithm, in, offIn, wt, offW, b, 0, out, offOut);
        WinogradVariant v = WinogradVariant.of(algorithm);
        double[] phi = WinogradTestSupport.magnitude(WinogradGeometry.forward(s, v), in, offIn, wt, offW, false);
        if (b != null) {
            int plane = s.outHeight() * s.outWidth();
            for (int i = 0; i < phi.length; i++) {
                phi[i] += Math.abs(b[(i / plane) % s.outChannels()]);
            }
        }
        WinogradTestSupport.check(algorithm + " double, " + s.describe(), out, offOut, ref, phi,
                WinogradTestSupport.doubleRoundings(v, s.inChannels()), U_DOUBLE);
    }

    /**
     * Prepared filters are used for another batch than they were prepared with, and from several threads at once;
     * each call gives bitwise the result of an unprepared call.
     */
    @Example
    void preparedFiltersServeAnyBatchAndManyThreads() throws Exception {
        Random rnd = new Random(11);
        for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.WINOGRAD_F2X2_3X3,
                ConvAlgorithm.WINOGRAD_F4X4_3X3}) {
            ConvShape prepared = ConvShape.of(2, 13, 17, 10, 19, 3, 1, 1);
            float[] wt = WinogradTestSupport.array(rnd, 0, prepared.filterSize(), 0, 0f);
            PreparedConvolution p = Convolution.prepare(prepared, a, wt, 0);
            for (int batch : new int[] {1, 2, 3}) {
                ConvShape s = prepared.withBatch(batch);
                float[] in = WinogradTestSupport.array(rnd, 0, s.inputSize(), 0, 0f);
                float[] expected = new float[s.outputSize()];
                Convolution.forward(s, a, in, 0, wt, 0, expected, 0, ConvEpilogue.none(), Parallelism.singleThread());
                Thread[] threads = new Thread[3];
                float[][] outs = new float[threads.length][s.outputSize()];
                for (int t = 0; t < threads.length; t++) {
                    int id = t;
                    threads[t] = new Thread(() -> {
                        for (int rep = 0; rep < 5; rep++) {
                            p.forward(batch, in, 0, outs[id], 0, ConvEpilogue.none(), Parallelism.threads(2));
                        }
                    });
                    threads[t].start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                for (float[] out : outs) {
                    assertArrayEquals(expected, out, a + ", batch " + batch);
                }
            }
        }
    }

    /** Filters transformed for one shape are refused, with both shapes named, by a shape with other channels. */
    @Example
    void filtersForOtherChannelsAreRefused() {
        ConvShape s = ConvShape.of(1, 4, 8, 8, 6, 3, 1, 1);
        WinogradFilter f = WinogradConvolution.transformFilter(ConvAlgorithm.WINOGRAD_F4X4_3X3, s,
                new float[s.filterSize()], 0);
        ConvShape other = ConvShape.of(1, 5, 8, 8, 6, 3, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WinogradConvolution.forward(other, f, new float[other.inputSize()], 0,
                        new float[other.outputSize()], 0, ConvEpilogue.none(), Parallelism.singleThread()));
        assertTrue(e.getMessage().contains("6x4x3x3") && e.getMessage().contains("6x5x3x3"), e.getMessage());
    }

    /** The Winograd algorithms refuse what they cannot compute, naming the shape. */
    @Example
    void nonWinogradShapesAreRefused() {
        for (ConvShape s : new ConvShape[] {ConvShape.of(1, 2, 9, 9, 3, 3, 2, 1), ConvShape.of(1, 2, 9, 9, 3, 5, 1, 2),
                ConvShape.of(1, 2, 9, 9, 3, 3, 1, 1).withDilation(2), ConvShape.of(1, 2, 9, 9, 2, 3, 1, 1).withGroups(2)}) {
            for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.WINOGRAD_F2X2_3X3,
                    ConvAlgorithm.WINOGRAD_F4X4_3X3}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Convolution.forward(s, a, new float[s.inputSize()], 0, new float[s.filterSize()], 0,
                                new float[s.outputSize()], 0, ConvEpilogue.none(), Parallelism.singleThread()));
                assertTrue(e.getMessage().contains(s.describe()), e.getMessage());
            }
        }
    }
}
