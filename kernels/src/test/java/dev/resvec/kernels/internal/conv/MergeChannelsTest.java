package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.TestBackends;
import dev.resvec.kernels.TestSeeds;
import dev.resvec.kernels.internal.Backend;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every backend's {@link WinogradKernels#mergeChannels} (the transposed products' output tiles, channels in lanes,
 * into NCHW planes with the epilogue) against the scalar {@link WinogradPhases#mergeChannels}, bit for bit, over the
 * whole output array: F(2×2) and F(4×4) tiles, inside the image and cropped at its right and bottom edges, 1 to 70
 * channels (whole blocks of 16 and the rest), each part of the epilogue on or off, and signed zeros and NaNs among
 * the values (ReLU and the adds must treat them as the scalar merge does). Nothing outside the tile's cropped
 * pixels of the given channels may change.
 */
class MergeChannelsTest {
    @Property(tries = 300, seed = TestSeeds.SEED)
    void matchesTheScalarMergeBitForBit(@ForAll @IntRange(min = 1, max = 2) int half,
                                        @ForAll @IntRange(min = 1, max = 70) int count,
                                        @ForAll @IntRange(max = 3) int k0, @ForAll @IntRange(max = 20) int okSlack,
                                        @ForAll @IntRange(min = 1, max = 20) int outHeight,
                                        @ForAll @IntRange(min = 1, max = 20) int outWidth,
                                        @ForAll @IntRange(max = 19) int y0Seed, @ForAll @IntRange(max = 19) int x0Seed,
                                        @ForAll boolean withBias, @ForAll boolean withResidual,
                                        @ForAll boolean relu, @ForAll @IntRange(max = 5) int off,
                                        @ForAll long seed) {
        int m = 2 * half, ok = count + okSlack;
        int y0 = y0Seed % outHeight, x0 = x0Seed % outWidth, channels = k0 + count, plane = outHeight * outWidth;
        Random rnd = new Random(seed);
        float[] o = SpecialValues.of(rnd, m * m * ok);
        float[] bias = withBias ? SpecialValues.of(rnd, off + channels) : null;
        float[] res = withResidual ? SpecialValues.of(rnd, off + channels * plane) : null;
        float[] start = SpecialValues.of(rnd, off + channels * plane + 3);
        float[] expected = start.clone();
        WinogradPhases.mergeChannels(o, 0, ok, m, k0, count, expected, off, outHeight, outWidth, y0, x0, bias, off,
                res, off, relu);
        for (Backend backend : TestBackends.all()) {
            float[] out = start.clone();
            WinogradBackends.of(backend).mergeChannels(o, ok, m, k0, count, out, off, outHeight, outWidth, y0, x0,
                    bias, off, res, off, relu, new float[256]);
            assertArrayEquals(Bits.of(expected), Bits.of(out), () -> backend.provider().describe() + ": F(" + m + "×"
                    + m + "), " + count + " channels from " + k0 + ", tile at (" + y0 + ", " + x0 + ") of " + outHeight
                    + "×" + outWidth + (withBias ? ", bias" : "") + (withResidual ? ", residual" : "")
                    + (relu ? ", ReLU" : ""));
        }
    }
}
