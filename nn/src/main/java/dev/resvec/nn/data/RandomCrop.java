package dev.resvec.nn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Pads the image with {@code padding} zero pixels on each side and crops a window of the original size at a random
 * position, as torchvision's {@code RandomCrop(size, padding)} with {@code size} the image size: the window's top
 * and left are drawn uniformly from {@code 0 .. 2·padding} (top first), so the content shifts by
 * {@code padding − top} rows and {@code padding − left} columns and what moves out of the window is lost.
 *
 * <p>Padding with zeros is black when it runs before {@link Normalize} (as in He et al. 2015, §4.2, and
 * torchvision's recipes); after it, zero is the channel mean.
 *
 * @param padding the pixels padded on each side, at least 0
 */
public record RandomCrop(int padding) implements Transform {
    /** @throws IllegalArgumentException when padding is negative */
    public RandomCrop {
        if (padding < 0) {
            throw new IllegalArgumentException("RandomCrop: padding must be at least 0, got " + padding);
        }
    }

    @Override
    public void apply(float[] image, int offset, int channels, int height, int width, SplittableRandom rng) {
        int top = rng.nextInt(2 * padding + 1);
        int left = rng.nextInt(2 * padding + 1);
        shift(image, offset, channels, height, width, top - padding, left - padding);
    }

    /**
     * Sets {@code out(y, x) = in(y + dy, x + dx)}, zero where that lies outside the image, in every channel.
     */
    static void shift(float[] image, int offset, int channels, int height, int width, int dy, int dx) {
        if (dy == 0 && dx == 0) {
            return;
        }
        int plane = height * width;
        // columns of the output that read inside the image: x + dx in [0, width)
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(width, width - dx);
        for (int c = 0; c < channels; c++) {
            int base = offset + c * plane;
            // rows are visited in the direction that never overwrites a row still to be read
            boolean down = dy > 0 || (dy == 0 && dx > 0);
            for (int k = 0; k < height; k++) {
                int y = down ? k : height - 1 - k;
                int row = base + y * width;
                int sy = y + dy;
                if (sy < 0 || sy >= height || x0 >= x1) {
                    Arrays.fill(image, row, row + width, 0f);
                    continue;
                }
                System.arraycopy(image, base + sy * width + x0 + dx, image, row + x0, x1 - x0);
                Arrays.fill(image, row, row + x0, 0f);
                Arrays.fill(image, row + x1, row + width, 0f);
            }
        }
    }
}
