package dev.resvec.nn.data;

import dev.resvec.core.Tensor;
import java.util.Arrays;

/**
 * One mini-batch: images and their class labels, as a {@link DataLoader} yields them and the trainer consumes them
 * ({@code dev.resvec.nn.train.Trainer}: {@code fit}, {@code step}, {@code evaluate}).
 *
 * @param images N×… inputs of the model (N×C×H×W for a convolutional network), FLOAT32 or FLOAT64 (converted to
 *               the model's dtype when they differ)
 * @param labels N class indices, each {@code >= 0} (the trainer checks them against the model's class count)
 */
public record Batch(Tensor images, int[] labels) {
    /**
     * @throws IllegalArgumentException when either is null, the batch is empty, the first dim of {@code images} is
     *                                  not the number of labels, or a label is negative
     */
    public Batch {
        if (images == null || labels == null) {
            throw new IllegalArgumentException("Batch: expected images and labels, got "
                    + (images == null ? "null images" : "null labels"));
        }
        if (images.rank() < 1 || images.size(0) != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("Batch: expected N images for N > 0 labels, got images of shape "
                    + Arrays.toString(images.shape()) + " and " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Batch: expected labels >= 0, got " + labels[i] + " at " + i);
            }
        }
        labels = labels.clone();
    }

    /** @return a copy of the labels */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** @return N, the number of images */
    public int size() {
        return labels.length;
    }

    /** @return whether {@code o} is a batch with the same images tensor and equal labels */
    @Override
    public boolean equals(Object o) {
        return o instanceof Batch b && b.images == images && Arrays.equals(b.labels, labels);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(images) * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Batch(images " + Arrays.toString(images.shape()) + " " + images.dtype() + ", " + labels.length
                + " labels)";
    }
}
