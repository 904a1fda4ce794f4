package dev.resvec.kernels;

import static dev.resvec.kernels.WinogradTestSupport.U_DOUBLE;
import static dev.resvec.kernels.WinogradTestSupport.U_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.conv.WinogradBackends;
import dev.resvec.kernels.internal.conv.WinogradConvolution;
import dev.resvec.kernels.internal.conv.WinogradGeometry;
import dev.resvec.kernels.internal.conv.WinogradKernels;
import dev.resvec.kernels.internal.conv.WinogradVariant;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The Winograd data gradient (a Winograd correlation of the output gradient with flipped, transposed filters, padded
 * by 2 − p, a crop for p = 3) against the direct {@code backwardData} in double, float on both providers and
 * through the facade, and the double twin. The bound is the forward's on the gradient's geometry
 * ({@link WinogradGeometry#backwardData}): the sum runs over the K output channels. The vertical and horizontal
 * padding are drawn independently, so one direction may be padded while the other is cropped.
 */
class WinogradBackwardTest {

    @Provide
    Arbitrary<Integer> sizes() {
        return new WinogradForwardTest().sizes();
    }

    @Provide
    Arbitrary<Integer> channels() {
        return new WinogradForwardTest().channels();
    }

    @Provide
    Arbitrary<ConvAlgorithm> winograd() {
        return Arbitraries.of(ConvAlgorithm.WINOGRAD_F2X2_3X3, ConvAlgorithm.WINOGRAD_F4X4_3X3);
    }

    @Property(tries = 80, seed = TestSeeds.SEED)
    void floatDataGradientMatchesTheDirectReference(@ForAll("winograd") ConvAlgorithm algorithm,
                                                    @ForAll @IntRange(min = 1, max = 3) int batch,
                                                    @ForAll("channels") int c, @ForAll("channels") int k,
                                                    @ForAll("sizes") int h, @ForAll("sizes") int w,
                                                    @ForAll @IntRange(max = 3) int padH,
                                                    @ForAll @IntRange(max = 3) int padW,
                                                    @ForAll boolean smallBlocks, @ForAll long seed) {
        WinogradTestSupport.blocks(smallBlocks, () -> floatDataGradient(algorithm,
                WinogradForwardTest.shape(batch, c, h, w, k, padH, padW), seed));
    }

    private static void floatDataGradient(ConvAlgorithm algorithm, ConvShape s, long seed) {
        Random rnd = new Random(seed);
        int offG = rnd.nextInt(9), offW = rnd.nextInt(9), offGin = rnd.nextInt(9);
        float[] g = WinogradTestSupport.array(rnd, offG, s.outputSize(), 1 + rnd.nextInt(8), Float.NaN);
        float[] wt = WinogradTestSupport.array(rnd, offW, s.filterSize(), rnd.nextInt(8), Float.NaN);
        float[] gin0 = WinogradTestSupport.array(rnd, offGin, s.inputSize(), 1 + rnd.nextInt(8), -1234.5f);
        java.util.Arrays.fill(gin0, offGin, offGin + s.inputSize(), Float.NaN); // overwritten, never read
        double[] ref = new double[s.inputSize()];
        Convolution.backwardData(s, WinogradTestSupport.toDouble(g), offG, WinogradTestSupport.toDouble(wt), offW,
                ref, 0);
        WinogradVariant v = WinogradVariant.of(algorithm);
        double[] phi = WinogradTestSupport.magnitude(WinogradGeometry.backwardData(s, v),
                WinogradTestSupport.toDouble(g), offG, WinogradTestSupport.toDouble(wt), offW, true);
        float[] gCopy = g.clone(), wCopy = wt.clone();
        for (Backend backend : TestBackends.all()) {
            WinogradKernels kern = WinogradBackends.of(backend);
            float[] gin = gin0.clone();
            WinogradConvolution.backwardData(s, algorithm, g, offG, wt, offW, gin, offGin,
                    Parallelism.singleThread(), kern);
            String who = backend.provider().describe() + ", " + algorithm + " backwardData, " + s.describe();
            WinogradTestSupport.check(who, gin, offGin, ref, phi, null,
                    WinogradTestSupport.floatRoundings(v, s.outChannels(), kern.blocking().kc()), U_FLOAT);
            WinogradTestSupport.untouchedOutside(who, gin, gin0, offGin, s.inputSize());
        }
        float[] gin = gin0.clone();
        Convolution.backwardData(s, algorithm, g, offG, wt, offW, gin, offGin, Parallelism.defaults());
        String who = "Convolution.backwardData on " + Kernels.provider().describe() + ", " + algorithm + ", "
                + s.describe();
        WinogradTestSupport.check(who, gin, offGin, ref, phi, null, WinogradTestSupport.floatRoundings(v,
                s.outChannels(), WinogradBackends.active().blocking().kc()), U_FLOAT);
        WinogradTestSupport.untouchedOutside(who, gin, gin0, offGin, s.inputSize());
        assertArrayEquals(gCopy, g, "output gradient modified");
        assertArrayEquals(wCopy, wt, "filters modified");
    }

    @Property(tries = 50, seed = TestSeeds.SEED)
    void doubleDataGradientMatchesTheDirectReference(@ForAll("winograd") ConvAlgorithm algorithm,
                                                     @ForAll @IntRange(min = 1, max = 3) int batch,
                                                     @ForAll("channels") int c, @ForAll("channels") int k,
                                                     @ForAll("sizes") int h, @ForAll("sizes") int w,
                                                     @ForAll @IntRange(max = 3) int padH,
                                                     @ForAll @IntRange(max = 3) int padW, @ForAll long seed) {
        ConvShape s = WinogradForwardTest.shape(batch, c, h, w, k, padH, padW);
        Random rnd = new Random(seed);
        int offG = rnd.nextInt(9), offW = rnd.nextInt(9), offGin = rnd.nextInt(9);
        double[] g = WinogradTestSupport.toDouble(WinogradTestSupport.array(rnd, offG, s.outputSize(), 2, 0f));
        double[] wt = WinogradTestSupport.toDouble(WinogradTestSupport.array(rnd, offW, s.filterSize(), 2, 0f));
        double[] ref = new double[s.inputSize()];
        Convolution.backwardData(s, g, offG, wt, offW, ref, 0);
        double[] gin = new double[offGin + s.inputSize()];
        Convolution.backwardData(s, algorithm, g, offG, wt, offW, gin, offGin);
        WinogradVariant v = WinogradVariant.of(algorithm);
        double[] phi = WinogradTestSupport.magnitude(WinogradGeometry.backwardData(s, v), g, offG, wt, offW, true);
        WinogradTestSupport.check(algorithm + " double backwardData, " + s.describe(), gin, offGin, ref, phi,
                WinogradTestSupport.doubleRoundings(v, s.outChannels()), U_DOUBLE);
    }
}
