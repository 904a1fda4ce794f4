package dev.resvec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The pooling and batch-norm ops of {@link Functional} as a user sees them: output shapes, the running statistics
 * updated in place by training only (and also outside a graph), inference as a constant affine, and errors that
 * name the op and the shapes. The gradients themselves are checked numerically in core-testing
 * ({@code PoolingBatchNormGradientTest}).
 */
class PoolingBatchNormOpsTest {

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
    }

    @Test
    void poolingShapes() {
        Tensor x = Tensor.randn(1, 2, 3, 9, 9);
        assertArrayEquals(new int[] {2, 3, 5, 5}, Functional.maxPool2d(x, 3, 2, 1).shape());
        assertArrayEquals(new int[] {2, 3, 4, 4}, Functional.avgPool2d(x, 2, 2, 0, true).shape());
        assertArrayEquals(new int[] {2, 3, 1, 1}, Functional.adaptiveAvgPool2d(x, 1).shape());
        Tensor x64 = x.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, Functional.maxPool2d(x64, 3, 2, 1).dtype());
        assertTrue(Functional.maxPool2d(x, 3, 2, 1).allClose(Functional.maxPool2d(x64, 3, 2, 1), 0, 0));
    }

    @Test
    void maxPoolGradientGoesToTheMaximum() {
        Tensor x = Tensor.fromArray(new double[] {1, 4, 3, 2, 0, 9, 8, 7, 6}, 1, 1, 3, 3).requiresGrad(true);
        Tensor y = Functional.maxPool2d(x, 2, 1, 0); // windows: {1,4,2,0} {4,3,0,9} {2,0,8,7} {0,9,7,6}
        assertArrayEquals(new double[] {4, 9, 8, 9}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 2, 1, 0, 0}, x.grad().toDoubleArray());
    }

    /**
     * The fused {@code relu(bn(x) + residual)} gives bitwise the values and gradients of the three operations it
     * replaces (float32: the kernels promise the same float operations), and updates the running statistics alike.
     */
    @Test
    void fusedEpilogueEqualsTheSeparateOperations() {
        for (boolean training : new boolean[] {true, false}) {
            for (boolean withResidual : new boolean[] {true, false}) {
                Tensor[] fused = bnInputs();
                Tensor[] plain = bnInputs();
                Tensor rmF = Tensor.zeros(8);
                Tensor rvF = Tensor.ones(8);
                Tensor rmP = Tensor.zeros(8);
                Tensor rvP = Tensor.ones(8);
                Tensor yF = Functional.batchNorm2d(fused[0], rmF, rvF, fused[1], fused[2], training, 0.1, 1e-5,
                        withResidual ? fused[3] : null, true);
                Tensor bn = Functional.batchNorm2d(plain[0], rmP, rvP, plain[1], plain[2], training, 0.1, 1e-5);
                Tensor yP = withResidual ? bn.addRelu(plain[3]) : bn.relu();
                String what = (training ? "training" : "inference") + (withResidual ? " with residual" : "");
                assertArrayEquals(yP.toFloatArray(), yF.toFloatArray(), what);
                assertArrayEquals(rmP.toFloatArray(), rmF.toFloatArray(), what);
                assertArrayEquals(rvP.toFloatArray(), rvF.toFloatArray(), what);
                Tensor g = Tensor.randn(9, 4, 8, 6, 6);
                yF.backward(g);
                yP.backward(g);
                for (int i = 0; i < (withResidual ? 4 : 3); i++) {
                    assertArrayEquals(plain[i].grad().toFloatArray(), fused[i].grad().toFloatArray(),
                            what + ", gradient of input " + i);
                }
            }
        }
    }

    private static Tensor[] bnInputs() {
        return new Tensor[] {Tensor.randn(1, 4, 8, 6, 6).mul(3).add(1).detach().requiresGrad(true),
            Tensor.randn(2, 8).requiresGrad(true), Tensor.randn(3, 8).requiresGrad(true),
            Tensor.randn(4, 4, 8, 6, 6).requiresGrad(true)};
    }

    @Test
    void trainingUpdatesTheRunningStatisticsInPlace() {
        // one channel of 1, 2, 3, 4 (N = 2, H = 1, W = 2): mean 2.5, biased variance 1.25, unbiased 5/3
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 1, 1, 2).requiresGrad(true);
        Tensor rm = Tensor.zeros(DType.FLOAT64, 1);
        Tensor rv = Tensor.ones(DType.FLOAT64, 1);
        Tensor y = Functional.batchNorm2d(x, rm, rv, null, null, true, 0.1, 1e-5);
        assertEquals(0.25, rm.item(), 1e-15);
        assertEquals(0.9 + 0.1 * 5.0 / 3.0, rv.item(), 1e-15);
        assertEquals((1 - 2.5) / Math.sqrt(1.25 + 1e-5), y.get(0, 0, 0, 0), 1e-12);
        assertFalse(rm.requiresGrad(), "running statistics stay outside the graph");
        try (NoGrad ignored = NoGrad.enter()) { // as PyTorch: a training-mode forward updates them without a graph too
            Functional.batchNorm2d(x, rm, rv, null, null, true, 0.1, 1e-5);
        }
        assertEquals(0.9 * 0.25 + 0.1 * 2.5, rm.item(), 1e-15);
        Tensor before = Tensor.fromArray(rm.toDoubleArray(), 1);
        Functional.batchNorm2d(x, rm, rv, null, null, false, 0.1, 1e-5);
        assertTrue(before.allClose(rm, 0, 0), "inference leaves the running statistics alone");
    }

    @Test
    void inferenceIsAConstantAffine() {
        Tensor x = Tensor.fromArray(new float[] {1, 3, -2, 5}, 1, 2, 1, 2).requiresGrad(true);
        Tensor w = Tensor.fromArray(new float[] {3, -1}, 2).requiresGrad(true);
        Tensor b = Tensor.fromArray(new float[] {-1, 0.5f}, 2).requiresGrad(true);
        Tensor rm = Tensor.fromArray(new float[] {1, 0}, 2);
        Tensor rv = Tensor.fromArray(new float[] {4, 1}, 2);
        Tensor y = Functional.batchNorm2d(x, rm, rv, w, b, false, 0.1, 0.0);
        // channel 0: scale 3/2, shift −1 − 1.5; channel 1: scale −1, shift 0.5
        assertArrayEquals(new float[] {-1, 2, 2.5f, -4.5f}, y.toFloatArray(), 1e-6f);
        y.sum().backward();
        assertArrayEquals(new float[] {1.5f, 1.5f, -1, -1}, x.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(0 + 2) / 2f, -2 + 5}, w.grad().toFloatArray(), 1e-6f); // Σ (x − m)/σ
        assertArrayEquals(new float[] {2, 2}, b.grad().toFloatArray(), 0f);
    }

    @Test
    void errorsNameTheOpAndTheShapes() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);
        assertRejected(() -> Functional.maxPool2d(Tensor.zeros(3, 4), 2, 2, 0), "maxPool2d", "4-D", "[3, 4]");
        assertRejected(() -> Functional.maxPool2d(x, 7, 1, 1), "maxPool2d(kernel 7, stride 1, padding 1)",
                "[2, 3, 4, 4]", "larger than the padded input");
        assertRejected(() -> Functional.avgPool2d(x, 2, 0, 0, true), "avgPool2d", "stride");
        assertRejected(() -> Functional.avgPool2d(x, 2, 1, 2, false), "at most half the kernel");
        assertRejected(() -> Functional.adaptiveAvgPool2d(x, 2), "only outputSize = 1", "outputSize = 2");
        assertRejected(() -> Functional.adaptiveAvgPool2d(Tensor.zeros(3), 1), "adaptiveAvgPool2d", "4-D");
        Tensor c3 = Tensor.ones(3);
        assertRejected(() -> Functional.batchNorm2d(x, null, null, Tensor.ones(4), null, true, 0.1, 1e-5),
                "batchNorm2d", "weight must have shape [3]", "[2, 3, 4, 4]", "got [4]");
        assertRejected(() -> Functional.batchNorm2d(x, c3, c3, null, Tensor.ones(DType.FLOAT64, 3), true, 0.1, 1e-5),
                "bias is FLOAT64 but the input [2, 3, 4, 4] is FLOAT32");
        assertRejected(() -> Functional.batchNorm2d(x, null, null, null, null, false, 0.1, 1e-5),
                "inference", "runningMean and runningVar are required");
        assertRejected(() -> Functional.batchNorm2d(x, c3, null, null, null, true, 0.1, 1e-5), "both be given");
        assertRejected(() -> Functional.batchNorm2d(Tensor.zeros(1, 3, 1, 1), null, null, null, null, true, 0.1,
                1e-5), "more than 1 value per channel", "[1, 3, 1, 1]");
        assertRejected(() -> Functional.batchNorm2d(x, c3, c3, null, null, true, 0.1, -1), "eps");
        assertRejected(() -> Functional.batchNorm2d(Tensor.zeros(2, 3, 4), c3, c3, null, null, false, 0.1, 1e-5),
                "batchNorm2d", "4-D");
    }
}
