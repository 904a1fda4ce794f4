package dev.resvec.nn.predict;

import dev.resvec.kernels.Elementwise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The top-k classes of each row of logits, with softmax probabilities; see {@link Predictor#topK}. */
final class TopK {
    private TopK() {}

    static List<List<Prediction>> of(float[] logits, int rows, int classes, int k) {
        if (k < 1 || k > classes) {
            throw new IllegalArgumentException("topK: expected k in [1, " + classes + "] (the number of classes),"
                    + " got " + k);
        }
        float[] p = new float[rows * classes];
        Elementwise.softmax(rows, classes, logits, 0, classes, p, 0, classes);
        List<List<Prediction>> out = new ArrayList<>(rows);
        Integer[] order = new Integer[classes];
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            for (int j = 0; j < classes; j++) {
                order[j] = j;
            }
            // Ordered by logit, not probability: two logits close enough to round to one probability still rank
            // apart. Equal logits (and NaN, which Float.compare puts above all) go in class order.
            Arrays.sort(order, (a, b) -> {
                int c = Float.compare(logits[base + b], logits[base + a]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            List<Prediction> row = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                row.add(new Prediction(order[j], p[base + order[j]]));
            }
            out.add(List.copyOf(row));
        }
        return List.copyOf(out);
    }
}
