package dev.resvec.nn.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * An image transform of the {@link DataLoader}'s pipeline, applied in place to one C×H×W image; the size stays the
 * same.
 *
 * <p>The random generator is the image's own, derived from the loader's seed, the epoch and the image's index in
 * the dataset; the transforms of one pipeline draw from it in order. So an image's augmentation does not depend on
 * the batch it lands in or the thread that prepares it. Implementations are immutable and thread-safe.
 */
public interface Transform {
    /**
     * Transforms one image in place.
     *
     * @param image    the data
     * @param offset   the index of the image's first element
     * @param channels C
     * @param height   H
     * @param width    W
     * @param rng      the image's generator
     */
    void apply(float[] image, int offset, int channels, int height, int width, SplittableRandom rng);

    /**
     * The standard CIFAR training augmentation of He et al., "Deep Residual Learning for Image Recognition" (2015),
     * §4.2: "4 pixels are padded on each side, and a 32×32 crop is randomly sampled from the padded image or its
     * horizontal flip", followed by per-channel normalisation ("per-pixel mean subtracted" there; per channel, as
     * torchvision's recipes do, here).
     *
     * @param stats the per-channel mean and standard deviation of the training set
     * @return {@code [RandomCrop(4), HorizontalFlip(0.5), Normalize(stats)]}
     */
    static List<Transform> standardAugmentation(ChannelStats stats) {
        return List.of(new RandomCrop(4), new HorizontalFlip(0.5), new Normalize(stats));
    }
}
