package dev.resvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transforms against images computed here from their definitions (explicit zero padding, crop, mirror). */
class TransformsTest {
    private static final int C = 2;
    private static final int H = 5;
    private static final int W = 7;

    private static float[] image(int offset) {
        float[] a = new float[offset + C * H * W + 3];
        new IndexDataset(1, C, H, W, 1).get(0, a, offset);
        return a;
    }

    /** The padded image, explicitly: (H + 2p) × (W + 2p) per channel, zeros around. */
    private static float[][][] padded(float[] img, int off, int p) {
        float[][][] out = new float[C][H + 2 * p][W + 2 * p];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    out[c][y + p][x + p] = img[off + c * H * W + y * W + x];
                }
            }
        }
        return out;
    }

    @Test
    void shiftEqualsACropOfTheZeroPaddedImage() {
        int p = 8; // more than the image, so crops that leave nothing of it are covered too
        int off = 3;
        float[] src = image(off);
        float[][][] pad = padded(src, off, p);
        for (int top = 0; top <= 2 * p; top++) {
            for (int left = 0; left <= 2 * p; left++) {
                float[] a = src.clone();
                RandomCrop.shift(a, off, C, H, W, top - p, left - p);
                float[] expected = src.clone();
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            expected[off + c * H * W + y * W + x] = pad[c][y + top][x + left];
                        }
                    }
                }
                assertArrayEquals(expected, a, "top " + top + ", left " + left);
            }
        }
    }

    /** @return the crop at (top, left) of the padded image, C×H×W */
    private static float[] crop(float[][][] pad, int top, int left) {
        float[] out = new float[C * H * W];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    out[c * H * W + y * W + x] = pad[c][y + top][x + left];
                }
            }
        }
        return out;
    }

    @Test
    void randomCropDrawsEveryOffsetAndNothingElse() {
        int p = 2;
        float[] src = image(0);
        float[][][] pad = padded(src, 0, p);
        int[][] seen = new int[2 * p + 1][2 * p + 1];
        SplittableRandom rng = new SplittableRandom(1);
        for (int k = 0; k < 1000; k++) {
            float[] a = src.clone();
            new RandomCrop(p).apply(a, 0, C, H, W, rng);
            float[] out = java.util.Arrays.copyOf(a, C * H * W);
            int found = 0;
            for (int top = 0; top <= 2 * p; top++) {
                for (int left = 0; left <= 2 * p; left++) {
                    if (java.util.Arrays.equals(out, crop(pad, top, left))) {
                        seen[top][left]++;
                        found++;
                    }
                }
            }
            assertEquals(1, found, "each output is exactly one of the crops");
        }
        for (int[] row : seen) {
            for (int count : row) {
                // 1000 draws over 25 offsets: 40 each on average, sd 6
                assertTrue(count > 15, "every offset is drawn: " + count);
            }
        }
    }

    @Test
    void randomCropWithoutPaddingIsTheIdentity() {
        float[] a = image(0);
        new RandomCrop(0).apply(a, 0, C, H, W, new SplittableRandom(3));
        assertArrayEquals(image(0), a);
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(-1));
    }

    @Test
    void horizontalFlipMirrorsEachRow() {
        int off = 2;
        float[] a = image(off);
        new HorizontalFlip(1).apply(a, off, C, H, W, new SplittableRandom(0));
        float[] src = image(off);
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(src[off + c * H * W + y * W + (W - 1 - x)], a[off + c * H * W + y * W + x]);
                }
            }
        }
        assertEquals(0f, a[0]);
        assertEquals(0f, a[a.length - 1], "nothing outside the image is touched");
        float[] b = image(off);
        new HorizontalFlip(0).apply(b, off, C, H, W, new SplittableRandom(0));
        assertArrayEquals(image(off), b);
    }

    @Test
    void horizontalFlipHappensWithProbabilityP() {
        SplittableRandom rng = new SplittableRandom(5);
        int flips = 0;
        for (int k = 0; k < 4000; k++) {
            float[] a = image(0);
            new HorizontalFlip(0.25).apply(a, 0, C, H, W, rng);
            if (a[0] != image(0)[0]) {
                flips++;
            }
        }
        // binomial(4000, 0.25): mean 1000, sd 27
        assertTrue(flips > 880 && flips < 1120, "flips: " + flips);
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(Double.NaN));
    }

    @Test
    void normalizeSubtractsTheMeanAndDividesByTheStdPerChannel() {
        float[] mean = {100.5f, 2000f};
        float[] std = {3f, 0.25f};
        float[] a = image(1);
        new Normalize(mean, std).apply(a, 1, C, H, W, new SplittableRandom(0));
        float[] src = image(1);
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < H * W; i++) {
                double expected = (src[1 + c * H * W + i] - (double) mean[c]) / std[c];
                assertEquals(expected, a[1 + c * H * W + i], Math.abs(expected) * 1e-6 + 1e-6);
            }
        }
        assertEquals(0f, a[0]);
    }

    @Test
    void normalizeRejectsBadStatistics() {
        assertEquals("Normalize: has 3 channels' statistics, the image has 2 channels",
                assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[3], new float[] {1, 1, 1})
                        .apply(image(0), 0, C, H, W, new SplittableRandom(0))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new float[] {0, 0}, new float[] {1, 0})).getMessage()
                .contains("channel 1 has mean 0.0 and std 0.0"));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[2], new float[3]));
    }

    @Test
    void standardAugmentationIsHeEtAlsRecipe() {
        ChannelStats stats = new ChannelStats(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.2f, 0.2f});
        var t = Transform.standardAugmentation(stats);
        assertEquals(new RandomCrop(4), t.get(0));
        assertEquals(new HorizontalFlip(0.5), t.get(1));
        assertArrayEquals(stats.mean(), ((Normalize) t.get(2)).mean());
        assertArrayEquals(stats.std(), ((Normalize) t.get(2)).std());
    }
}
