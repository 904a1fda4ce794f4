package dev.resvec.nn.data;

/**
 * A dataset divided into a training part and a held-out part (the images a model is evaluated on and never trained
 * on).
 *
 * @param train   the training images
 * @param heldOut the held-out images, disjoint from {@code train}
 */
public record Split(Dataset train, Dataset heldOut) {
    /** @throws IllegalArgumentException when either part is null */
    public Split {
        if (train == null || heldOut == null) {
            throw new IllegalArgumentException("Split: train and heldOut must not be null");
        }
    }
}
