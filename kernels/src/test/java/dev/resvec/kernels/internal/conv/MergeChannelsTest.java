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
 * a row of tiles at a time, into NCHW planes with the epilogue) against the scalar
 * {@link WinogradPhases#mergeChannels}, bit for bit, over the whole output array: F(2×2) and F(4×4) tiles, one up
 * to as many as the backend's row takes ({@link WinogradKernels#mergeSlots}), inside the image and cropped at its
 * right and bottom edges, 1 to 70 channels
 * (whole blocks of 16 and the rest), each part of the epilogue on or off, and signed zeros and NaNs among the values
 * (ReLU and the adds must treat them as the scalar merge does). Nothing outside the tiles' cropped pixels of the given
 * channels may change. The scalar merge itself is checked against the definition, element by element.
 */
class MergeChannelsTest {
    @Property(tries = 300, seed = TestSeeds.SEED)
    void matchesTheScalarMergeBitForBit(@ForAll @IntRange(min = 1, max = 2) int half,
                                        @ForAll @IntRange(min = 1, max = 70) int count,
                                        @ForAll @IntRange(max = 3) int k0, @ForAll @IntRange(max = 20) int okSlack,
                                        @ForAll @IntRange(min = 1, max = 8) int tilesSeed,
                                        @ForAll @IntRange(min = 1, max = 20) int outHeight,
                                        @ForAll @IntRange(min = 1, max = 40) int outWidth,
                                        @ForAll @IntRange(max = 19) int y0Seed, @ForAll @IntRange(max = 39) int x0Seed,
                                        @ForAll boolean withBias, @ForAll boolean withResidual,
                                        @ForAll boolean relu, @ForAll @IntRange(max = 5) int off,
                                        @ForAll long seed) {
        int m = 2 * half, ok = count + okSlack;
        int y0 = y0Seed % outHeight, x0 = x0Seed % outWidth, channels = k0 + count, plane = outHeight * outWidth;
        Random rnd = new Random(seed);
        float[] bias = withBias ? SpecialValues.of(rnd, off + channels) : null;
        float[] res = withResidual ? SpecialValues.of(rnd, off + channels * plane) : null;
        float[] start = SpecialValues.of(rnd, off + channels * plane + 3);
        WinogradKernels scalar = WinogradBackends.of(TestBackends.all().get(0));
        for (Backend backend : TestBackends.all()) {
            WinogradKernels kern = WinogradBackends.of(backend);
            int slots = kern.mergeSlots(m), tiles = 1 + (tilesSeed - 1) % (slots / m);
            float[] o = SpecialValues.of(rnd, m * slots * ok);
            float[] expected = start.clone();
            WinogradPhases.mergeChannels(o, 0, ok, m, slots, tiles, k0, count, expected, off, outHeight, outWidth, y0,
                    x0, bias, off, res, off, relu);
            assertDefinition(o, ok, m, slots, tiles, k0, count, start, expected, off, outHeight, outWidth, y0, x0,
                    bias, res, relu);
            float[] out = start.clone();
            kern.mergeChannels(o, ok, m, slots, tiles, k0, count, out, off, outHeight, outWidth, y0, x0, bias, off,
                    res, off, relu, new float[256]);
            assertArrayEquals(Bits.of(expected), Bits.of(out), () -> backend.provider().describe() + ": F(" + m + "×"
                    + m + "), " + tiles + " tiles, " + count + " channels from " + k0 + ", tiles at (" + y0 + ", " + x0
                    + ") of " + outHeight + "×" + outWidth + (withBias ? ", bias" : "")
                    + (withResidual ? ", residual" : "") + (relu ? ", ReLU" : ""));
        }
    }

    /** The scalar merge against its definition: each pixel of the cropped tiles, and nothing else, changed. */
    private static void assertDefinition(float[] o, int ok, int m, int slots, int tiles, int k0, int count,
                                         float[] start, float[] merged, int off, int outHeight, int outWidth, int y0,
                                         int x0, float[] bias, float[] res, boolean relu) {
        float[] want = start.clone();
        int plane = outHeight * outWidth;
        for (int l = 0; l < count; l++) {
            int k = k0 + l;
            for (int i = 0; i < m && y0 + i < outHeight; i++) {
                for (int c = 0; c < m * tiles && x0 + c < outWidth; c++) {
                    int at = off + k * plane + (y0 + i) * outWidth + x0 + c;
                    float v = o[(i * slots + c) * ok + l];
                    if (bias != null) {
                        v += bias[off + k];
                    }
                    if (res != null) {
                        v += res[at];
                    }
                    want[at] = relu ? Math.max(v, 0f) : v;
                }
            }
        }
        assertArrayEquals(Bits.of(want), Bits.of(merged), "the scalar merge against its definition");
    }
}
