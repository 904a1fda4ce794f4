package dev.resvec.nn.data;

import java.util.Arrays;

/**
 * The mean and standard deviation of each channel over all pixels of a dataset, the parameters of
 * {@link Normalize}. For CIFAR-10's training set they are about (0.491, 0.482, 0.447) and (0.247, 0.243, 0.262).
 *
 * @param mean the mean of each channel
 * @param std  the population standard deviation of each channel (divided by the pixel count, not one less)
 */
public record ChannelStats(float[] mean, float[] std) {
    /** @throws IllegalArgumentException when the arrays are null or of different lengths */
    public ChannelStats {
        if (mean == null || std == null || mean.length != std.length) {
            throw new IllegalArgumentException("ChannelStats: mean and std must have one value per channel, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** @return a copy of the per-channel means */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** @return a copy of the per-channel standard deviations */
    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats c && Arrays.equals(mean, c.mean) && Arrays.equals(std, c.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
