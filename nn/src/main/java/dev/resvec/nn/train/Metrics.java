package dev.resvec.nn.train;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.Module;
import dev.resvec.nn.data.Batch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers of the trainer: the batch's input in the model's dtype, counting correct predictions, weight copies. */
final class Metrics {
    private Metrics() {}

    /** @return the images of {@code batch} in {@code dtype} (converted outside any graph when they differ) */
    static Tensor input(Batch batch, DType dtype) {
        Tensor x = batch.images();
        return x.dtype() == dtype ? x : x.detach().to(dtype);
    }

    /**
     * @return how many rows of the N×C logits have their highest value (the first, on ties) at the label
     * @throws IllegalArgumentException when the logits are not N×C for the batch's N
     */
    static int correct(Tensor logits, int[] labels) {
        if (logits.rank() != 2 || logits.size(0) != labels.length) {
            throw new IllegalArgumentException("Trainer: expected the model to return N×C logits for a batch of "
                    + labels.length + ", got shape " + Arrays.toString(logits.shape()));
        }
        int c = logits.size(1);
        double[] v = logits.toDoubleArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (v[i * c + j] > v[i * c + best]) {
                    best = j;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** @return a deep copy of the model's state dict (parameters and buffers), safe from later in-place updates */
    static LinkedHashMap<String, Tensor> snapshot(Module model) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            Tensor t = e.getValue();
            out.put(e.getKey(), t.dtype() == DType.FLOAT32
                    ? Tensor.fromArray(t.toFloatArray(), t.shape())
                    : Tensor.fromArray(t.toDoubleArray(), t.shape()));
        }
        return out;
    }
}
