package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.TestSeeds;
import dev.resvec.kernels.internal.VmFlags;
import dev.resvec.kernels.scalar.ScalarStridedKernels;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The channel tiles ({@link StridedKernels}): the scalar twin against a double-precision sum within the bound of
 * its float chain, and, where the vector provider is active, the vector kernels against the twin bit for bit (the
 * twin built with their block width and FMA setting): 7 and 8 positions at stride 2 and 7 at stride 1, 1 to 40
 * channels, plane and row strides of any size, fresh and accumulated tiles; every other stride and number of
 * positions refused by name; the transpose (sums to channel planes, filters to the tiles' order) over
 * 1 to 70 rows and columns, whole VL×VL blocks and the rest.
 */
class StridedKernelsTest {
    private static final double U = 0x1p-24;

    @Property(tries = 300, seed = TestSeeds.SEED)
    void tileMatchesItsDefinition(@ForAll @IntRange(min = 1, max = 2) int stride,
                                  @ForAll @IntRange(min = 7, max = 8) int eightAtStrideTwo,
                                  @ForAll @IntRange(min = 1, max = 40) int channels,
                                  @ForAll @IntRange(max = 9) int xOff, @ForAll @IntRange(max = 30) int rowSlack,
                                  @ForAll @IntRange(max = 30) int planeSlack, @ForAll @IntRange(max = 5) int wOff,
                                  @ForAll @IntRange(max = 5) int yOff, @ForAll boolean accumulate,
                                  @ForAll long seed) {
        int positions = stride == 1 ? StridedKernels.STRIDE_ONE_POSITIONS : eightAtStrideTwo;
        StridedKernels vector = StridedForward.kernels();
        int block = vector != null ? vector.blockChannels() : 8;
        StridedKernels twin = ScalarStridedKernels.create(block, VmFlags.useFma());
        // a row holds the tile's taps: stride·(positions − 1) + 3 floats at least
        int rowStride = stride * (positions - 1) + 3 + rowSlack, plane = 3 * rowStride + planeSlack;
        Random rnd = new Random(seed);
        float[] x = values(rnd, xOff + channels * plane), w = values(rnd, wOff + channels * 9 * block);
        float[] y = values(rnd, yOff + positions * block + 3);
        float[] expected = y.clone();
        twin.tile(stride, positions, channels, x, xOff, plane, rowStride, w, wOff, expected, yOff, accumulate);
        for (int i = 0; i < positions; i++) {
            for (int j = 0; j < block; j++) {
                double sum = accumulate ? y[yOff + i * block + j] : 0, mag = Math.abs(sum);
                for (int c = 0; c < channels; c++) {
                    for (int t = 0; t < 9; t++) {
                        double term = (double) w[wOff + (c * 9 + t) * block + j]
                                * x[xOff + c * plane + t / 3 * rowStride + t % 3 + stride * i];
                        sum += term;
                        mag += Math.abs(term);
                    }
                }
                double err = Math.abs(expected[yOff + i * block + j] - sum), ref = sum, bound = mag;
                int at = i * block + j;
                assertTrue(err <= 1.01 * ((VmFlags.useFma() ? 9 : 18) * channels + 1) * U * mag,
                        () -> "position " + at / block + ", channel " + at % block + ": " + expected[yOff + at]
                                + " against " + ref + " (bound on " + bound + ")");
            }
        }
        for (int p = yOff + positions * block; p < y.length; p++) {
            assertTrue(Float.floatToRawIntBits(y[p]) == Float.floatToRawIntBits(expected[p]), "past the tile: " + p);
        }
        if (vector != null) {
            vector.tile(stride, positions, channels, x, xOff, plane, rowStride, w, wOff, y, yOff, accumulate);
            assertArrayEquals(Bits.of(expected), Bits.of(y), () -> "stride " + stride + ", " + positions
                    + " positions, " + channels + " channels, " + (accumulate ? "accumulated" : "fresh"));
        }
    }

    @Property(tries = 50, seed = TestSeeds.SEED)
    void tilesThatDoNotExistAreRefusedByName(@ForAll @IntRange(min = -1, max = 4) int stride,
                                             @ForAll @IntRange(min = 0, max = 10) int positions) {
        boolean exists = stride == 2 ? positions == 7 || positions == 8
                : stride == 1 && positions == StridedKernels.STRIDE_ONE_POSITIONS;
        Assume.that(!exists);
        float[] x = new float[1000], w = new float[1000], y = new float[1000];
        StridedKernels vector = StridedForward.kernels();
        for (StridedKernels kern : vector == null ? List.of(ScalarStridedKernels.create(8, false))
                : List.of(ScalarStridedKernels.create(8, false), vector)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kern.tile(stride, positions, 1, x, 0, 100, 20, w, 0, y, 0, false));
            assertTrue(e.getMessage().contains(positions + " at stride " + stride), e.getMessage());
        }
    }

    @Property(tries = 300, seed = TestSeeds.SEED)
    void transposeMatchesItsDefinition(@ForAll @IntRange(min = 1, max = 70) int rows,
                                       @ForAll @IntRange(min = 1, max = 70) int cols,
                                       @ForAll @IntRange(max = 20) int sSlack, @ForAll @IntRange(max = 20) int dSlack,
                                       @ForAll @IntRange(max = 5) int sOff, @ForAll @IntRange(max = 5) int dOff,
                                       @ForAll long seed) {
        StridedKernels vector = StridedForward.kernels();
        Random rnd = new Random(seed);
        int sStride = cols + sSlack, dStride = rows + dSlack;
        float[] src = values(rnd, sOff + (rows - 1) * sStride + cols + 3);
        float[] dst = values(rnd, dOff + (cols - 1) * dStride + rows + 4);
        float[] expected = dst.clone();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                expected[dOff + c * dStride + r] = src[sOff + r * sStride + c];
            }
        }
        float[] twinDst = dst.clone();
        ScalarStridedKernels.create(8, VmFlags.useFma()).transpose(src, sOff, sStride, rows, cols, twinDst, dOff,
                dStride);
        assertArrayEquals(Bits.of(expected), Bits.of(twinDst), "the twin");
        if (vector != null) {
            vector.transpose(src, sOff, sStride, rows, cols, dst, dOff, dStride);
            assertArrayEquals(Bits.of(expected), Bits.of(dst), () -> rows + "×" + cols + ", strides " + sStride
                    + " and " + dStride);
        }
    }

    private static float[] values(Random rnd, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }
}
