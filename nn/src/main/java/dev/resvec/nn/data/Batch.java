package dev.resvec.nn.data;

import dev.resvec.core.Tensor;

/**
 * One batch of a {@link DataLoader}: images and their class labels.
 *
 * @param images the images, an N×C×H×W FLOAT32 tensor (normalised if the loader's transforms include
 *               {@link Normalize})
 * @param labels the class index of each image, {@code labels.length == N}
 */
public record Batch(Tensor images, int[] labels) {
    /**
     * @throws IllegalArgumentException when the tensor is not rank 4 or its first dimension is not the number of
     *                                  labels
     */
    public Batch {
        if (images == null || labels == null) {
            throw new IllegalArgumentException("Batch: images and labels must not be null");
        }
        int[] shape = images.shape();
        if (shape.length != 4 || shape[0] != labels.length) {
            throw new IllegalArgumentException("Batch: expected images N×C×H×W with N = " + labels.length
                    + " labels, got shape " + java.util.Arrays.toString(shape));
        }
    }

    /** @return the number of images, N */
    public int size() {
        return labels.length;
    }
}
