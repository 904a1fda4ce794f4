package dev.resvec.nn.data;

import java.util.SplittableRandom;

/**
 * Mirrors the image left to right with probability {@code p} (one draw of {@code rng.nextDouble() < p}), as
 * torchvision's {@code RandomHorizontalFlip(p)}.
 *
 * @param p the probability of a flip, in [0, 1]
 */
public record HorizontalFlip(double p) implements Transform {
    /** @throws IllegalArgumentException when p is outside [0, 1] */
    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("HorizontalFlip: p must be in [0, 1], got " + p);
        }
    }

    @Override
    public void apply(float[] image, int offset, int channels, int height, int width, SplittableRandom rng) {
        if (rng.nextDouble() < p) {
            flip(image, offset, channels * height, width);
        }
    }

    /** Reverses each of {@code rows} rows of {@code width} elements. */
    static void flip(float[] image, int offset, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            for (int i = offset + r * width, j = i + width - 1; i < j; i++, j--) {
                float t = image[i];
                image[i] = image[j];
                image[j] = t;
            }
        }
    }
}
