package dev.resvec.nn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Per-channel normalisation, {@code x ← (x − mean[c]) / std[c]}, as torchvision's {@code Normalize}. Draws nothing
 * from the generator.
 */
public final class Normalize implements Transform {
    private final float[] mean;
    private final float[] std;

    /**
     * @param mean the mean of each channel
     * @param std  the standard deviation of each channel, each positive
     * @throws IllegalArgumentException when the lengths differ or a std is not positive and finite
     */
    public Normalize(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalize: mean and std need one value per channel, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        this.mean = mean.clone();
        this.std = std.clone();
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("Normalize: channel " + c + " has mean " + mean[c] + " and std "
                        + std[c] + "; std must be positive and both finite");
            }
        }
    }

    /** @param stats the per-channel mean and standard deviation */
    public Normalize(ChannelStats stats) {
        this(stats.mean(), stats.std());
    }

    /** @return the per-channel means */
    public float[] mean() {
        return mean.clone();
    }

    /** @return the per-channel standard deviations */
    public float[] std() {
        return std.clone();
    }

    @Override
    public void apply(float[] image, int offset, int channels, int height, int width, SplittableRandom rng) {
        if (channels != mean.length) {
            throw new IllegalArgumentException("Normalize: has " + mean.length + " channels' statistics, the image "
                    + "has " + channels + " channels");
        }
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float m = mean[c];
            float s = std[c];
            for (int i = offset + c * plane, end = i + plane; i < end; i++) {
                image[i] = (image[i] - m) / s;
            }
        }
    }

    @Override
    public String toString() {
        return "Normalize[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
