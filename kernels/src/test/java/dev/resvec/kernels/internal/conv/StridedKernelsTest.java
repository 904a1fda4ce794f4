package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.TestSeeds;
import dev.resvec.kernels.internal.VmFlags;
import dev.resvec.kernels.scalar.ScalarStridedKernels;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The stride-2 tiles ({@link StridedKernels}): the scalar twin against a double-precision sum within the bound of
 * its float chain, and, where the vector provider is active, the vector kernels against the twin bit for bit (the
 * twin built with their block width and FMA setting): 7 and 8 positions, 1 to 40 channels, plane and row strides
 * of any size, fresh and accumulated tiles; the transpose to channel planes over 1 to 70 positions, and the filters'
 * packing over 1 to 90 taps.
 */
class StridedKernelsTest {
    private static final double U = 0x1p-24;

    @Property(tries = 300, seed = TestSeeds.SEED)
    void tileMatchesItsDefinition(@ForAll @IntRange(min = 7, max = 8) int positions,
                                  @ForAll @IntRange(min = 1, max = 40) int channels,
                                  @ForAll @IntRange(max = 9) int xOff, @ForAll @IntRange(max = 30) int rowSlack,
                                  @ForAll @IntRange(max = 30) int planeSlack, @ForAll @IntRange(max = 5) int wOff,
                                  @ForAll @IntRange(max = 5) int yOff, @ForAll boolean accumulate,
                                  @ForAll long seed) {
        StridedKernels vector = StridedForward.kernels();
        int block = vector != null ? vector.blockChannels() : 8;
        StridedKernels twin = ScalarStridedKernels.create(block, VmFlags.useFma());
        // a row holds the tile's taps: 2·(positions − 1) + 3 floats at least
        int rowStride = 2 * positions + 1 + rowSlack, plane = 3 * rowStride + planeSlack;
        Random rnd = new Random(seed);
        float[] x = values(rnd, xOff + channels * plane), w = values(rnd, wOff + channels * 9 * block);
        float[] y = values(rnd, yOff + positions * block + 3);
        float[] expected = y.clone();
        twin.tile(positions, channels, x, xOff, plane, rowStride, w, wOff, expected, yOff, accumulate);
        for (int i = 0; i < positions; i++) {
            for (int j = 0; j < block; j++) {
                double sum = accumulate ? y[yOff + i * block + j] : 0, mag = Math.abs(sum);
                for (int c = 0; c < channels; c++) {
                    for (int t = 0; t < 9; t++) {
                        double term = (double) w[wOff + (c * 9 + t) * block + j]
                                * x[xOff + c * plane + t / 3 * rowStride + t % 3 + 2 * i];
                        sum += term;
                        mag += Math.abs(term);
                    }
                }
                double err = Math.abs(expected[yOff + i * block + j] - sum), ref = sum, bound = mag;
                int at = i * block + j;
                assertTrue(err <= 1.01 * ((VmFlags.useFma() ? 9 : 18) * channels + 1) * U * mag, () -> "position " + at / block + ", channel "
                        + at % block + ": " + expected[yOff + at] + " against " + ref + " (bound on " + bound + ")");
            }
        }
        for (int p = yOff + positions * block; p < y.length; p++) {
            assertTrue(Float.floatToRawIntBits(y[p]) == Float.floatToRawIntBits(expected[p]), "past the tile: " + p);
        }
        if (vector != null) {
            vector.tile(positions, channels, x, xOff, plane, rowStride, w, wOff, y, yOff, accumulate);
            assertArrayEquals(bits(expected), bits(y), () -> positions + " positions, " + channels + " channels, "
                    + (accumulate ? "accumulated" : "fresh"));
        }
    }

    @Property(tries = 200, seed = TestSeeds.SEED)
    void transposeWritesChannelPlanes(@ForAll @IntRange(min = 1, max = 70) int positions,
                                      @ForAll @IntRange(max = 20) int dStrideSlack,
                                      @ForAll @IntRange(max = 5) int dOff, @ForAll long seed) {
        StridedKernels vector = StridedForward.kernels();
        int block = vector != null ? vector.blockChannels() : 8;
        Random rnd = new Random(seed);
        float[] y = values(rnd, positions * block);
        int dStride = positions + dStrideSlack;
        float[] dst = values(rnd, dOff + (block - 1) * dStride + positions + 4);
        float[] expected = dst.clone();
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < block; j++) {
                expected[dOff + j * dStride + p] = y[p * block + j];
            }
        }
        float[] twinDst = dst.clone();
        ScalarStridedKernels.create(block, VmFlags.useFma()).transpose(y, positions, twinDst, dOff, dStride);
        assertArrayEquals(bits(expected), bits(twinDst), "the twin");
        if (vector != null) {
            vector.transpose(y, positions, dst, dOff, dStride);
            assertArrayEquals(bits(expected), bits(dst), () -> positions + " positions, stride " + dStride);
        }
    }

    @Property(tries = 200, seed = TestSeeds.SEED)
    void packFiltersInTileOrder(@ForAll @IntRange(min = 1, max = 90) int taps, @ForAll @IntRange(max = 5) int wOff,
                                @ForAll @IntRange(max = 5) int dOff, @ForAll long seed) {
        StridedKernels vector = StridedForward.kernels();
        int block = vector != null ? vector.blockChannels() : 8;
        Random rnd = new Random(seed);
        float[] w = values(rnd, wOff + block * taps + 3);
        float[] dst = values(rnd, dOff + taps * block + 4);
        float[] expected = dst.clone();
        for (int t = 0; t < taps; t++) {
            for (int j = 0; j < block; j++) {
                expected[dOff + t * block + j] = w[wOff + j * taps + t];
            }
        }
        float[] twinDst = dst.clone();
        ScalarStridedKernels.create(block, VmFlags.useFma()).packFilters(w, wOff, taps, twinDst, dOff);
        assertArrayEquals(bits(expected), bits(twinDst), "the twin");
        if (vector != null) {
            vector.packFilters(w, wOff, taps, dst, dOff);
            assertArrayEquals(bits(expected), bits(dst), () -> taps + " taps");
        }
    }

    private static float[] values(Random rnd, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
