package dev.resvec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.GradCheck;
import dev.resvec.core.GradCheckReport;
import dev.resvec.core.Tensor;
import org.junit.jupiter.api.Test;

/** Linear, Flatten, Identity, ReLU and Sequential: the layers that need no convolution kernels. */
class LinearTest {

    @Test
    void linearIsXTimesWTransposedPlusB() {
        Linear l = new Linear(5, 3);
        l.resetParameters(4);
        Tensor x = Tensor.randn(DType.FLOAT32, 8, 2, 5);
        double[] w = l.weight().get().toDoubleArray();
        double[] b = l.bias().get().toDoubleArray();
        double[] xv = x.toDoubleArray();
        Tensor y = l.apply(x);
        assertArrayEquals(new int[] {2, 3}, y.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                double s = b[o];
                for (int i = 0; i < 5; i++) {
                    s += xv[n * 5 + i] * w[o * 5 + i];
                }
                assertEquals(s, y.get(n, o), 1e-5, "y[" + n + ", " + o + "]");
            }
        }
        Linear noBias = new Linear(5, 3, false);
        assertEquals(1, noBias.stateDict().size());
        assertArrayEquals(new int[] {4, 2, 3}, noBias.apply(Tensor.zeros(4, 2, 5)).shape(), "batched input");
    }

    @Test
    void shapeLayers() {
        Tensor x = Tensor.randn(1, 2, 3, 1, 1);
        assertArrayEquals(new int[] {2, 3}, new Flatten().apply(x).shape());
        assertArrayEquals(new int[] {6, 1, 1}, new Flatten(0, 1).apply(x).shape());
        assertTrue(new Identity().apply(x) == x);
        assertArrayEquals(x.relu().toFloatArray(), new ReLU().apply(x).toFloatArray());
    }

    @Test
    void wholeMlpGradientInFloat64() {
        Sequential mlp = new Sequential(new Flatten(), new Linear(6, 5), new ReLU(), new Linear(5, 3));
        mlp.resetParameters(2).to(DType.FLOAT64);
        Tensor x = Tensor.randn(DType.FLOAT64, 3, 4, 2, 3, 1);
        Tensor before = mlp.slot("1.weight").get();
        GradCheckReport r = ModuleGradCheck.check(GradCheck.defaults(), mlp, x);
        r.assertPassed();
        assertEquals((4 * 3) * (4 * 6 + 30 + 5 + 15 + 3), r.compared(), "every input and parameter element");
        assertTrue(before == mlp.slot("1.weight").get(), "parameters restored");
        ModuleGradCheck.check(GradCheck.defaults().fast(1), mlp, x).assertPassed();
    }
}
