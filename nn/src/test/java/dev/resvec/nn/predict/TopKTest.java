package dev.resvec.nn.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Predictor#topK}: classes by logit, softmax probabilities, ties in class order, argument checks. */
class TopKTest {
    @Test
    void classesComeMostProbableFirstWithSoftmaxProbabilities() {
        Tensor logits = Tensor.fromArray(new float[] {1, 3, 2, 0, /* row 2 */ -1, -1, 5, -1}, 2, 4);
        List<List<Prediction>> top = Predictor.topK(logits, 3);
        assertEquals(2, top.size());
        double z = Math.exp(1) + Math.exp(3) + Math.exp(2) + Math.exp(0);
        List<Prediction> row = top.get(0);
        assertEquals(List.of(1, 2, 0), row.stream().map(Prediction::classIndex).toList());
        // Softmax in float: within a few ulps of the double value.
        assertEquals(Math.exp(3) / z, row.get(0).probability(), 1e-6);
        assertEquals(Math.exp(2) / z, row.get(1).probability(), 1e-6);
        assertEquals(Math.exp(1) / z, row.get(2).probability(), 1e-6);
        // Ties (three −1 logits) in class order.
        assertEquals(List.of(2, 0, 1), top.get(1).stream().map(Prediction::classIndex).toList());
    }

    @Test
    void allClassesSumToOne() {
        float[] logits = {0.5f, -2f, 7f, 1f, 1f};
        List<Prediction> all = Predictor.topK(logits, 5, 5).get(0);
        double sum = all.stream().mapToDouble(Prediction::probability).sum();
        assertEquals(1.0, sum, 10 * Math.ulp(1f), "five float probabilities, each within about two ulps");
        assertTrue(all.get(0).probability() > all.get(4).probability());
        assertEquals(2, all.get(0).classIndex());
        assertEquals(List.of(2, 3, 4, 0, 1), all.stream().map(Prediction::classIndex).toList());
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor logits = Tensor.zeros(2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Predictor.topK(logits, 5));
        assertTrue(e.getMessage().contains("[1, 4]") && e.getMessage().contains("got 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Predictor.topK(logits, 0));
        e = assertThrows(IllegalArgumentException.class, () -> Predictor.topK(Tensor.zeros(4), 1));
        assertTrue(e.getMessage().contains("rank 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Predictor.topK(new float[7], 3, 1));
        assertTrue(e.getMessage().contains("classes = 3") && e.getMessage().contains("7"), e.getMessage());
    }
}
