package dev.resvec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The engine: accumulation over fan-out (against hand-derived gradients), graph release, NoGrad, threads. */
class AutogradTest {
    private static final double[] X = {-1.5, -0.25, 0.5, 2.0};

    private static Tensor leaf() {
        return Tensor.fromArray(X.clone(), 4).requiresGrad(true);
    }

    private static void assertGrad(double[] expected, Tensor x) {
        assertArrayEquals(expected, x.grad().toDoubleArray(), 1e-12);
    }

    private static double[] map(java.util.function.DoubleUnaryOperator f) {
        return java.util.Arrays.stream(X).map(f).toArray();
    }

    @Test
    void usedTwice() { // y = x·x + x (the ResNet shortcut shape: f(x) + x)
        Tensor x = leaf();
        x.mul(x).add(x).sum().backward();
        assertGrad(map(v -> 2 * v + 1), x);
    }

    @Test
    void usedThreeTimes() { // y = x·x·x
        Tensor x = leaf();
        x.mul(x).mul(x).sum().backward();
        assertGrad(map(v -> 3 * v * v), x);
        Tensor z = leaf();
        z.exp().add(z).add(z.mul(3)).sum().backward(); // e^z + z + 3z
        assertGrad(map(v -> Math.exp(v) + 4), z);
    }

    @Test
    void diamond() { // a = 2x; y = e^a + a·a
        Tensor x = leaf();
        Tensor a = x.mul(2);
        a.exp().add(a.mul(a)).sum().backward();
        assertGrad(map(v -> 2 * (Math.exp(2 * v) + 4 * v)), x);
        assertNull(a.grad(), "non-leaf tensors keep no gradient");
    }

    @Test
    void residualShortcut() { // y = relu(x·W) + x, loss = sum(y)
        Tensor x = Tensor.fromArray(new double[] {1, -2, 0.5, 3}, 2, 2).requiresGrad(true);
        Tensor w = Tensor.fromArray(new double[] {1, 2, -1, 1}, 2, 2).requiresGrad(true);
        x.matmul(w).relu().add(x).sum().backward();
        // x·W = [[3, 0], [-2.5, 4]]; relu mask [[1, 0], [0, 1]]
        // dL/dx = mask·Wᵀ + 1: row0 mask [1,0] -> [1, -1] + 1; row1 mask [0,1] -> [2, 1] + 1
        assertArrayEquals(new double[] {2, 0, 3, 2}, x.grad().toDoubleArray(), 1e-12);
        // dL/dW = xᵀ·mask: [[1·1 + 0.5·0, 1·0 + 0.5·1], [-2·1 + 3·0, -2·0 + 3·1]]
        assertArrayEquals(new double[] {1, 0.5, -2, 3}, w.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void backwardWithAGradient() {
        Tensor x = leaf();
        Tensor g = Tensor.fromArray(new double[] {1, 2, 3, 4}, 4);
        x.mul(3).backward(g);
        assertGrad(new double[] {3, 6, 9, 12}, x);
        Tensor y = leaf();
        y.backward(g); // a leaf: its gradient is a copy of g
        assertGrad(g.toDoubleArray(), y);
        assertNotSame(g, y.grad());
    }

    @Test
    void gradientsAccumulateAcrossBackwardsUntilZeroGrad() {
        Tensor x = leaf();
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertGrad(map(v -> 4 * v), x);
        x.zeroGrad();
        assertNull(x.grad());
        x.sum().backward();
        assertGrad(map(v -> 1), x);
    }

    @Test
    void aSecondBackwardThroughAReleasedGraphThrows() {
        Tensor x = leaf();
        Tensor y = x.mul(x);
        Tensor s = y.sum();
        s.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::backward);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        Tensor t = y.add(1).sum(); // a new graph on top of the released one
        e = assertThrows(IllegalStateException.class, t::backward);
        assertTrue(e.getMessage().contains("released") && e.getMessage().contains("mul"), e.getMessage());
    }

    @Test
    void backwardNeedsAScalarOrAGradient() {
        Tensor x = leaf();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2).backward());
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> x.mul(2).backward(Tensor.ones(DType.FLOAT64, 3)));
        assertTrue(e2.getMessage().contains("[3]") && e2.getMessage().contains("[4]"), e2.getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.ones(2).sum().backward());
    }

    @Test
    void noGradRecordsNothingAndNests() {
        Tensor x = leaf();
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(x.mul(2).requiresGrad());
            }
            assertTrue(NoGrad.isActive());
            Tensor y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
        }
        assertFalse(NoGrad.isActive());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void detachStopsTheGradient() {
        Tensor x = leaf();
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        assertArrayEquals(map(v -> 2 * v), d.toDoubleArray());
        x.mul(d).sum().backward(); // d is a constant: grad = d
        assertGrad(map(v -> 2 * v), x);
        assertThrows(IllegalStateException.class, () -> x.mul(2).requiresGrad(false));
    }

    @Test
    void onlyNeededGradientsAreComputed() {
        Tensor x = leaf();
        Tensor c = Tensor.fromArray(new double[] {1, 2, 3, 4}, 4);
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertGrad(c.toDoubleArray(), x);
    }

    /** A user operation through the public Function API: square. */
    static final class Square extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return in[0].mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(savedTensors()[0]).mul(2)};
        }
    }

    @Test
    void userFunction() {
        Tensor x = leaf();
        Tensor y = new Square().apply(x);
        assertTrue(y.toString().contains("gradFn=Square"), y.toString());
        y.sum().backward();
        assertGrad(map(v -> 2 * v), x);
        GradCheck.defaults().check(in -> new Square().apply(in[0]), leaf()).assertPassed();
        Square once = new Square();
        once.apply(x);
        assertThrows(IllegalStateException.class, () -> once.apply(x));
    }

    @Test
    void graphsOnDifferentThreadsDoNotInterfere() throws Exception {
        int threads = 4;
        double[][] expected = new double[threads][];
        for (int t = 0; t < threads; t++) {
            expected[t] = gradientOf(t);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int rep = 0; rep < 200; rep++) {
                        if (id % 2 == 1) { // odd threads also open NoGrad scopes between their graphs
                            try (NoGrad ignored = NoGrad.enter()) {
                                if (leaf().mul(2).requiresGrad()) {
                                    return false;
                                }
                            }
                        }
                        if (!java.util.Arrays.equals(expected[id], gradientOf(id))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            start.countDown();
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] gradientOf(int id) {
        Tensor x = Tensor.randn(DType.FLOAT64, id, 3, 4).requiresGrad(true);
        Tensor w = Tensor.randn(DType.FLOAT64, id + 100, 4, 4);
        x.matmul(w).relu().add(x).mul(x).sum().backward();
        return x.grad().toDoubleArray();
    }
}
