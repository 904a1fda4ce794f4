package dev.resvec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The convolution, pooling and batch-norm layers against {@link Reference}: checks that each module passes its
 * settings through to {@code Functional} as PyTorch's layer would. Needs the kernels behind {@code Functional}.
 */
class LayersForwardTest {

    private static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": size");
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol * scale, what + " at " + i);
        }
    }

    private static void checkConv(DType dtype, int c, int k, int[] kernel, int[] stride, int[] pad, int[] dil,
                                  int groups, boolean bias, double tol) {
        Conv2d conv = new Conv2d(c, k, kernel, stride, pad, dil, groups, bias);
        conv.resetParameters(3).to(dtype);
        int n = 2;
        int h = 9;
        int w = 8;
        Tensor x = Tensor.randn(dtype, 5, n, c, h, w);
        Tensor y = conv.apply(x);
        double[] expected = Reference.conv2d(x.toDoubleArray(), n, c, h, w, conv.weight().get().toDoubleArray(), k,
                kernel[0], kernel[1], bias ? conv.bias().get().toDoubleArray() : null, stride, pad, dil, groups);
        int oh = Reference.outSize(h, kernel[0], stride[0], pad[0], dil[0]);
        int ow = Reference.outSize(w, kernel[1], stride[1], pad[1], dil[1]);
        assertArrayEquals(new int[] {n, k, oh, ow}, y.shape());
        assertClose(expected, y, tol, conv + " " + dtype);
    }

    @Test
    void conv2dPassesEverySetting() {
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-4; // float32: Winograd may run
            checkConv(dtype, 3, 4, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1, false,
                    tol);
            checkConv(dtype, 3, 4, new int[] {7, 7}, new int[] {2, 2}, new int[] {3, 3}, new int[] {1, 1}, 1, false,
                    tol);
            checkConv(dtype, 4, 6, new int[] {1, 1}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, 1, true,
                    tol);
            checkConv(dtype, 4, 6, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {2, 1}, 2, true,
                    tol);
        }
    }

    @Test
    void poolingLayers() {
        int n = 2;
        int c = 3;
        int h = 7;
        int w = 6;
        Tensor x = Tensor.randn(DType.FLOAT64, 9, n, c, h, w);
        double[] xv = x.toDoubleArray();
        assertClose(Reference.pool(xv, n, c, h, w, 3, 2, 1, true, false), new MaxPool2d(3, 2, 1).apply(x), 0,
                "max pool");
        assertClose(Reference.pool(xv, n, c, h, w, 3, 2, 1, false, true), new AvgPool2d(3, 2, 1, true).apply(x),
                1e-12, "avg pool, padding counted");
        assertClose(Reference.pool(xv, n, c, h, w, 3, 2, 1, false, false), new AvgPool2d(3, 2, 1, false).apply(x),
                1e-12, "avg pool, padding not counted");
        assertClose(Reference.pool(xv, n, c, h, w, 2, 2, 0, false, true), new AvgPool2d(2).apply(x), 1e-12,
                "avg pool 2");
        Tensor g = new AdaptiveAvgPool2d().apply(x);
        assertArrayEquals(new int[] {n, c, 1, 1}, g.shape());
        assertClose(x.mean(new int[] {2, 3}, true).toDoubleArray(), g, 1e-12, "global average");
    }

    @Test
    void batchNormTrainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        int n = 3;
        int c = 4;
        int hw = 5 * 2;
        BatchNorm2d bn = new BatchNorm2d(c);
        bn.to(DType.FLOAT64);
        bn.weight().copyFrom(Tensor.fromArray(new double[] {1, 2, 0.5, -1}, c));
        bn.bias().copyFrom(Tensor.fromArray(new double[] {0, 1, -1, 3}, c));
        Tensor x = Tensor.randn(DType.FLOAT64, 2, n, c, 5, 2).mul(3).add(1);
        double[][] stats = Reference.channelStats(x.toDoubleArray(), n, c, hw);
        double[] gamma = bn.weight().get().toDoubleArray();
        double[] beta = bn.bias().get().toDoubleArray();
        Tensor y = bn.apply(x);
        assertClose(Reference.normalise(x.toDoubleArray(), n, c, hw, stats[0], stats[1], gamma, beta, 1e-5), y,
                1e-10, "training output");
        double[] runMean = new double[c];
        double[] runVar = new double[c];
        for (int ch = 0; ch < c; ch++) {
            runMean[ch] = 0.1 * stats[0][ch];
            runVar[ch] = 0.9 + 0.1 * stats[1][ch] * (n * hw) / (n * hw - 1.0); // the unbiased batch variance
        }
        assertClose(runMean, bn.runningMean().get(), 1e-12, "running mean");
        assertClose(runVar, bn.runningVar().get(), 1e-12, "running var");
        assertEquals(1, bn.numBatchesTracked().get().item());
        bn.apply(x);
        assertEquals(2, bn.numBatchesTracked().get().item());

        bn.eval();
        double[] mean = bn.runningMean().get().toDoubleArray();
        double[] var = bn.runningVar().get().toDoubleArray();
        Tensor e = bn.apply(x);
        assertClose(Reference.normalise(x.toDoubleArray(), n, c, hw, mean, var, gamma, beta, 1e-5), e, 1e-10,
                "evaluation output");
        assertArrayEquals(mean, bn.runningMean().get().toDoubleArray(), "evaluation leaves the statistics alone");
        assertEquals(2, bn.numBatchesTracked().get().item());
    }
}
