package dev.resvec.nn.train;

import dev.resvec.nn.data.Batch;

/**
 * What one training step ({@link Trainer#step(Batch)}) measured, before its optimizer update.
 *
 * @param loss    the batch's mean cross-entropy
 * @param correct how many of the batch's images the model classified right
 * @param size    the number of images in the batch
 */
public record StepResult(double loss, int correct, int size) {
    /** @return {@code correct / size}, in [0, 1] */
    public double accuracy() {
        return (double) correct / size;
    }
}
