package dev.resvec.nn.train;

/**
 * The loss and accuracy of a model on a data set (evaluation mode, no graph).
 *
 * @param loss     the mean softmax cross-entropy per image
 * @param accuracy the fraction of images whose highest logit is their label (the first highest on ties), in [0, 1]
 * @param images   the number of images
 */
public record Evaluation(double loss, double accuracy, long images) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss %.4f, accuracy %.2f%% (%d images)", loss,
                100 * accuracy, images);
    }
}
