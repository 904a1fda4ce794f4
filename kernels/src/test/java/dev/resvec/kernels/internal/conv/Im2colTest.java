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
 * {@code Im2col.lower} against the column matrix's definition, over blocks of rows and columns that start and end
 * anywhere, reading an input array with no slack around the image (a read past the image is an exception, not a
 * value that happens to be multiplied by a zero).
 */
class Im2colTest {
    /** Any geometry: strides, dilations, paddings, kernels larger than one. */
    @Property(tries = 300, seed = TestSeeds.SEED)
    void lowerWritesTheColumnMatrix(@ForAll @IntRange(min = 1, max = 3) int channels,
                                    @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 1, max = 9) int w,
                                    @ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(max = 2) int pad,
                                    @ForAll @IntRange(min = 1, max = 2) int stride,
                                    @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll long seed) {
        Assume.that(dilation * (kernel - 1) + 1 <= Math.min(h, w) + 2 * pad);
        check(new ConvShape(1, channels, h, w, 1, kernel, kernel, stride, stride, pad, pad, dilation, dilation, 1),
                new Random(seed));
    }

    /**
     * "Same" convolutions at stride 1 (output rows as wide as input rows), where a tap's rows inside the image are
     * copied as one run that wraps around the row ends and its outside columns are zeroed after.
     */
    @Property(tries = 300, seed = TestSeeds.SEED)
    void sameConvolutionsAtStrideOne(@ForAll @IntRange(min = 1, max = 3) int channels,
                                     @ForAll @IntRange(min = 1, max = 12) int h,
                                     @ForAll @IntRange(min = 1, max = 12) int w,
                                     @ForAll @IntRange(max = 2) int halfKernel,
                                     @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll long seed) {
        int kernel = 2 * halfKernel + 1, pad = halfKernel * dilation;
        check(new ConvShape(1, channels, h, w, 1, kernel, kernel, 1, 1, pad, pad, dilation, dilation, 1),
                new Random(seed));
    }

    private static void check(ConvShape s, Random rnd) {
        int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        int crs = s.inChannels() * s.kernelH() * s.kernelW();
        float[] in = new float[s.inChannels() * hw];
        for (int i = 0; i < in.length; i++) {
            in[i] = 1 + rnd.nextInt(1000);   // never 0: a zero written for an outside tap cannot pass for a copy
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
                expected[offDst + (row - rowFrom) * cols + j - j0] = inside ? in[c * hw + iy * s.width() + ix] : 0f;
            }
        }
        float[] actual = new float[expected.length];
        Arrays.fill(actual, Float.NaN);
        Im2col.lower(s, in, 0, actual, offDst, rowFrom, rowTo, j0, cols);
        assertArrayEquals(expected, actual, () -> s + ", rows [" + rowFrom + ", " + rowTo + "), columns [" + j0 + ", "
                + j1 + ")");
    }
}
