package dev.resvec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Factories, shape operations, values of the forward passes, errors and formatting. */
class TensorTest {

    @Test
    void factories() {
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).toFloatArray());
        assertEquals(DType.FLOAT32, Tensor.zeros(2).dtype());
        assertEquals(DType.FLOAT64, Tensor.ones(DType.FLOAT64, 2).dtype());
        assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, Tensor.full(2.5, 3).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toFloatArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(DType.FLOAT64, 1, 3, 0.5).toDoubleArray());
        assertArrayEquals(new double[] {3, 2}, Tensor.arange(DType.FLOAT64, 3, 1, -1).toDoubleArray());
        Tensor s = Tensor.scalar(DType.FLOAT64, 4);
        assertEquals(0, s.rank());
        assertEquals(4, s.item());
        Tensor m = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(6, m.get(1, 2));
        assertEquals(3, m.size(-1));
        assertEquals(6, m.numel());
    }

    @Test
    void randomFactoriesAreSeeded() {
        assertArrayEquals(Tensor.randn(7, 3, 4).toFloatArray(), Tensor.randn(7, 3, 4).toFloatArray());
        assertFalse(Tensor.randn(7, 3).allClose(Tensor.randn(8, 3)));
        Tensor u = Tensor.rand(DType.FLOAT64, 3, 1000);
        for (double v : u.toDoubleArray()) {
            assertTrue(v >= 0 && v < 1);
        }
        // the float tensor holds the double values rounded
        assertArrayEquals(Tensor.randn(DType.FLOAT64, 5, 10).toFloatArray(), Tensor.randn(5, 10).toFloatArray());
    }

    @Test
    void fromArrayCopiesAndChecksLength() {
        float[] data = {1, 2};
        Tensor t = Tensor.fromArray(data, 2);
        data[0] = 9;
        assertEquals(1, t.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.fromArray(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void reshapeViewFlattenShareStorage() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 24, 1);
        Tensor r = x.reshape(2, -1, 4);
        assertArrayEquals(new int[] {2, 3, 4}, r.shape());
        assertEquals(23, r.get(1, 2, 3));
        assertArrayEquals(new int[] {2, 12}, r.flatten(1, 2).shape());
        assertArrayEquals(new int[] {6, 4}, r.flatten(0, 1).shape());
        assertArrayEquals(new int[] {24}, r.flatten().shape());
        assertArrayEquals(new int[] {4, 6}, r.view(4, 6).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1));
        assertTrue(e.getMessage().contains("reshape") && e.getMessage().contains("[24]"), e.getMessage());
    }

    @Test
    void transposeSwapsDims() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(2, 3, 4);
        Tensor t = x.transpose(0, 2);
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(x.get(i, j, k), t.get(k, j, i));
                }
            }
        }
        assertTrue(x.transpose(-1, 1).transpose(1, 2).allClose(x));
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.fromArray(new double[] {10, 20, 30}, 3);
        Tensor c = Tensor.fromArray(new double[] {100, 200}, 2, 1);
        assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, a.add(b).toDoubleArray());
        assertArrayEquals(new double[] {-9, -18, -27, -6, -15, -24}, a.sub(b).toDoubleArray());
        assertArrayEquals(new double[] {100, 200, 300, 800, 1000, 1200}, a.mul(c).toDoubleArray());
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.4, 0.25, 0.2}, a.div(b).toDoubleArray(), 1e-15);
        assertArrayEquals(new int[] {2, 3}, b.add(c).shape());
        assertArrayEquals(new double[] {-1, -2, -3, -4, -5, -6}, a.neg().toDoubleArray());
        assertArrayEquals(new double[] {3, 4, 5, 6, 7, 8}, a.add(2).toDoubleArray());
        assertArrayEquals(new double[] {0.5, 1, 1.5, 2, 2.5, 3}, a.div(2).toDoubleArray());
        assertArrayEquals(new double[] {11}, Tensor.scalar(DType.FLOAT64, 1).add(Tensor.full(DType.FLOAT64, 10, 1))
                .toDoubleArray());
    }

    @Test
    void reductions() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(2, 3, 4);
        assertEquals(276, x.sum().item());
        assertEquals(11.5, x.mean().item());
        assertArrayEquals(new int[] {2, 4}, x.sum(1, false).shape());
        assertArrayEquals(new int[] {2, 1, 4}, x.sum(1, true).shape());
        assertEquals(0 + 4 + 8, x.sum(1, false).get(0, 0));
        Tensor m = x.mean(new int[] {0, -1}, true);
        assertArrayEquals(new int[] {1, 3, 1}, m.shape());
        assertEquals((0 + 1 + 2 + 3 + 12 + 13 + 14 + 15) / 8.0, m.get(0, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.sum(3, false));
        assertTrue(e.getMessage().contains("rank 3") && e.getMessage().contains("dim 3"), e.getMessage());
    }

    @Test
    void softmaxOverAnyDimMatchesTheDefinition() {
        Tensor x = Tensor.randn(DType.FLOAT64, 3, 2, 3, 4);
        for (int dim = 0; dim < 3; dim++) {
            Tensor expected = x.exp().div(x.exp().sum(dim, true));
            assertTrue(x.softmax(dim).allClose(expected, 1e-12, 1e-14), "softmax dim " + dim);
            assertTrue(x.logSoftmax(dim).allClose(expected.log(), 1e-12, 1e-14), "logSoftmax dim " + dim);
        }
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogLikelihood() {
        Tensor logits = Tensor.randn(DType.FLOAT64, 4, 3, 5);
        int[] targets = {4, 0, 2};
        double expected = 0;
        Tensor lp = logits.logSoftmax(1);
        for (int i = 0; i < 3; i++) {
            expected -= lp.get(i, targets[i]) / 3;
        }
        assertEquals(expected, logits.crossEntropy(targets).item(), 1e-14);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> logits.crossEntropy(new int[] {0, 5, 1}));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[0, 5)"), e.getMessage());
    }

    @Test
    void matmulAgainstLoops() {
        Tensor a = Tensor.randn(DType.FLOAT64, 1, 2, 3, 4);
        Tensor b = Tensor.randn(DType.FLOAT64, 2, 4, 5);
        Tensor c = a.matmul(b); // b shared by both batches
        assertArrayEquals(new int[] {2, 3, 5}, c.shape());
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    double s = 0;
                    for (int k = 0; k < 4; k++) {
                        s += a.get(p, i, k) * b.get(k, j);
                    }
                    assertEquals(s, c.get(p, i, j), 1e-12);
                }
            }
        }
        Tensor c32 = a.to(DType.FLOAT32).matmul(b.to(DType.FLOAT32));
        assertTrue(c32.allClose(c, 1e-5, 1e-5));
    }

    @Test
    void reluAndAddRelu() {
        Tensor a = Tensor.fromArray(new float[] {-1, 2, -3, 4}, 4);
        Tensor b = Tensor.fromArray(new float[] {2, -3, 1, 1}, 4);
        assertArrayEquals(new float[] {0, 2, 0, 4}, a.relu().toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 5}, a.addRelu(b).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.addRelu(Tensor.zeros(1)));
        assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[1]"), e.getMessage());
    }

    @Test
    void conversionRoundTrips() {
        Tensor x = Tensor.randn(DType.FLOAT64, 9, 5);
        Tensor f = x.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, f.dtype());
        assertSame(f, f.to(DType.FLOAT32));
        assertArrayEquals(x.toFloatArray(), f.to(DType.FLOAT64).toFloatArray());
        assertTrue(f.to(DType.FLOAT64).allClose(x, 1e-7, 0));
    }

    @Test
    void shapeMismatchNamesBothShapesAndTheOperation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).mul(Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("mul:") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().startsWith("matmul:") && e.getMessage().contains("[2, 3] and [2, 3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).add(Tensor.zeros(DType.FLOAT64, 2)));
        assertTrue(e.getMessage().contains("FLOAT32") && e.getMessage().contains("FLOAT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).transpose(0, 2));
        assertTrue(e.getMessage().contains("transpose") && e.getMessage().contains("rank 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).softmax(-3));
        assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("rank 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).allClose(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void allCloseUsesAtolAndRtol() {
        Tensor a = Tensor.fromArray(new double[] {1, 100}, 2);
        Tensor b = Tensor.fromArray(new double[] {1.001, 100.1}, 2);
        assertFalse(a.allClose(b));
        assertTrue(a.allClose(b, 1e-3, 1e-3));
        assertFalse(a.allClose(b, 0, 1e-3));
        assertTrue(a.allClose(b, 0, 0.11));
        assertFalse(Tensor.full(DType.FLOAT64, Double.NaN, 1).allClose(Tensor.full(DType.FLOAT64, Double.NaN, 1)));
    }

    @Test
    void toStringIsReadable() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals("tensor([[1.0000, 2.0000, 3.0000],\n        [4.0000, 5.0000, 6.0000]], shape=[2, 3],"
                + " dtype=FLOAT32)", x.toString());
        x.requiresGrad(true);
        assertTrue(x.toString().endsWith("requiresGrad=true)"), x.toString());
        assertTrue(x.mul(2).toString().contains("gradFn=mulScalar"), x.mul(2).toString());
        assertEquals("tensor(3.0000, shape=[], dtype=FLOAT64)", Tensor.scalar(DType.FLOAT64, 3).toString());
        String big = Tensor.zeros(40, 40).toString();
        assertTrue(big.contains("...") && big.length() < 2000, big);
    }
}
