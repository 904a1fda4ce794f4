package dev.resvec.nn.train;

/**
 * Stop training when the held-out loss has not improved for {@code patience} epochs in a row (Keras's and
 * Lightning's {@code EarlyStopping} on {@code val_loss}): an epoch improves when its loss is below the best so far
 * minus {@code minDelta}.
 *
 * @param patience           epochs without improvement before stopping, {@code > 0}
 * @param minDelta           the least decrease that counts as an improvement, finite and {@code >= 0}
 * @param restoreBestWeights whether to set the model back to its weights after the best epoch when training ends
 *                           (stopped early or not)
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBestWeights) {
    /** @throws IllegalArgumentException when a value is out of range */
    public EarlyStopping {
        if (patience <= 0) {
            throw new IllegalArgumentException("EarlyStopping: expected patience > 0, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: expected a finite minDelta >= 0, got " + minDelta);
        }
    }

    /**
     * @param patience epochs without improvement before stopping
     * @return stopping on any improvement, restoring the best weights
     */
    public static EarlyStopping patience(int patience) {
        return new EarlyStopping(patience, 0, true);
    }
}
