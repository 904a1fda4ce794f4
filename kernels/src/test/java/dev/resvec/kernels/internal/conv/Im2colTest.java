package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.TestSeeds;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code Im2col.lower} with the active provider's kernels against the column matrix's definition, over blocks of
 * rows and columns that start and end anywhere, reading an input array with no slack around the image (a read past
 * the image is an exception, not a value that happens to be multiplied by a zero) and writing a block with no slack
 * after it (NaN before it: a write outside the block fails).
 */
class Im2colTest {
    /** Any geometry: strides, dilations, paddings, kernels larger than one, each chosen per direction. */
    @Property(tries = 300, seed = TestSeeds.SEED)
    void lowerWritesTheColumnMatrix(@ForAll @IntRange(min = 1, max = 3) int channels,
                                    @ForAll @IntRange(min = 1, max = 9) int h,
                                    @ForAll @IntRange(min = 1, max = 9) int w,
                                    @ForAll @IntRange(min = 1, max = 3) int kernelH,
                                    @ForAll @IntRange(min = 1, max = 3) int kernelW,
                                    @ForAll @IntRange(max = 2) int padH, @ForAll @IntRange(max = 2) int padW,
                                    @ForAll @IntRange(min = 1, max = 2) int strideH,
                                    @ForAll @IntRange(min = 1, max = 2) int strideW,
                                    @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll long seed) {
        Assume.that(dilation * (kernelH - 1) + 1 <= h + 2 * padH && dilation * (kernelW - 1) + 1 <= w + 2 * padW);
        check(new ConvShape(1, channels, h, w, 1, kernelH, kernelW, strideH, strideW, padH, padW, dilation, dilation,
                1), new Random(seed));
    }

    /**
     * Output rows as wide as input rows at stride 1 (padding W = dilation·(S − 1)/2, any row padding), where a tap's
     * rows inside the image are copied as one run that wraps around the row ends and its outside columns are zeroed
     * after; 1×3 and 3×1 kernels included.
     */
    @Property(tries = 300, seed = TestSeeds.SEED)
    void rowsAsWideAsTheInputAtStrideOne(@ForAll @IntRange(min = 1, max = 3) int channels,
                                         @ForAll @IntRange(min = 1, max = 12) int h,
                                         @ForAll @IntRange(min = 1, max = 12) int w,
                                         @ForAll @IntRange(min = 1, max = 3) int kernelH,
                                         @ForAll @IntRange(max = 2) int halfKernelW,
                                         @ForAll @IntRange(max = 2) int padH,
                                         @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll long seed) {
        int kernelW = 2 * halfKernelW + 1, padW = halfKernelW * dilation;
        Assume.that(dilation * (kernelH - 1) + 1 <= h + 2 * padH);
        check(new ConvShape(1, channels, h, w, 1, kernelH, kernelW, 1, 1, padH, padW, dilation, dilation, 1),
                new Random(seed));
    }

    /**
     * Column stride 2 with any kernel up to 3×3 and padding up to 2 (gathered taps, and taps shifted by a column from
     * them) on images up to 40×70, wider than {@link #lowerWritesTheColumnMatrix}'s; the 1×1 unpadded ones run on
     * the provider's {@link ColumnGather#evenColumns}.
     */
    @Property(tries = 300, seed = TestSeeds.SEED)
    void stride2Rows(@ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 40) int h,
                     @ForAll @IntRange(min = 1, max = 70) int w, @ForAll @IntRange(min = 1, max = 3) int kernelH,
                     @ForAll @IntRange(min = 1, max = 3) int kernelW, @ForAll @IntRange(max = 2) int padH,
                     @ForAll @IntRange(max = 2) int padW, @ForAll @IntRange(min = 1, max = 2) int strideH,
                     @ForAll long seed) {
        Assume.that(kernelH <= h + 2 * padH && kernelW <= w + 2 * padW);
        check(new ConvShape(1, channels, h, w, 1, kernelH, kernelW, strideH, 2, padH, padW, 1, 1, 1),
                new Random(seed));
    }

    /**
     * 1×1, unpadded, column stride 2 (ResNet's stride-2 projections), where whole output rows are lowered by the
     * provider's {@link ColumnGather#evenColumns}: vectors that spill into the next rows' places, up to images wide
     * enough for several vectors a row.
     */
    @Property(tries = 300, seed = TestSeeds.SEED)
    void stride2PointwiseRows(@ForAll @IntRange(min = 1, max = 3) int channels,
                              @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 70) int w,
                              @ForAll @IntRange(min = 1, max = 2) int strideH, @ForAll long seed) {
        check(new ConvShape(1, channels, h, w, 1, 1, 1, strideH, 2, 0, 0, 1, 1, 1), new Random(seed));
    }

    private static void check(ConvShape s, Random rnd) {
        int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        int crs = s.inChannels() * s.kernelH() * s.kernelW();
        // the image after a NaN prefix (a read before it shows) and at the very end of the array (a read past it
        // throws); never 0 inside: a zero written for an outside tap cannot pass for a copy
        int offIn = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(4);
        float[] in = new float[offIn + s.inChannels() * hw];
        Arrays.fill(in, 0, offIn, Float.NaN);
        for (int i = offIn; i < in.length; i++) {
            in[i] = 1 + rnd.nextInt(1000);
        }
        int j0 = rnd.nextInt(ohw), j1 = j0 + 1 + rnd.nextInt(ohw - j0);
        int rowFrom = rnd.nextInt(crs), rowTo = rowFrom + 1 + rnd.nextInt(crs - rowFrom);
        int offDst = rnd.nextInt(4), cols = j1 - j0;
        float[] expected = new float[offDst + (rowTo - rowFrom) * cols];
        Arrays.fill(expected, Float.NaN);
        for (int row = rowFrom; row < rowTo; row++) {
            int c = row / (s.kernelH() * s.kernelW()), r = row / s.kernelW() % s.kernelH(), q = row % s.kernelW();
            for (int j = j0; j < j1; j++) {
                int iy = j / s.outWidth() * s.strideH() + r * s.dilationH() - s.padH();
                int ix = j % s.outWidth() * s.strideW() + q * s.dilationW() - s.padW();
                boolean inside = iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width();
                expected[offDst + (row - rowFrom) * cols + j - j0] =
                        inside ? in[offIn + c * hw + iy * s.width() + ix] : 0f;
            }
        }
        float[] actual = new float[expected.length];
        Arrays.fill(actual, Float.NaN);
        Im2col.lower(GemmConvolution.gather(ConvContext.active()), s, in, offIn, actual, offDst, rowFrom, rowTo, j0,
                cols);
        assertArrayEquals(expected, actual, () -> s + ", offIn " + offIn + ", rows [" + rowFrom + ", " + rowTo
                + "), columns [" + j0 + ", " + j1 + ")");
    }
}
