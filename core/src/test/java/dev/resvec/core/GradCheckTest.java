package dev.resvec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The checker itself: it passes correct gradients and fails wrong ones, naming the element. */
class GradCheckTest {

    /** Square with a deliberately wrong backward at one element (index 5 gets 3x instead of 2x). */
    static final class WrongSquare extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return in[0].mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            double[] grad = g.mul(savedTensors()[0]).mul(2).toDoubleArray();
            double[] x = savedTensors()[0].toDoubleArray();
            grad[5] += g.toDoubleArray()[5] * x[5]; // the bug
            return new Tensor[] {Tensor.fromArray(grad, g.shape())};
        }
    }

    private static Tensor input() {
        return Tensor.randn(DType.FLOAT64, 11, 2, 4).requiresGrad(true);
    }

    @Test
    void aWrongBackwardIsCaughtAndTheElementNamed() {
        GradCheckReport r = GradCheck.defaults().check(in -> new WrongSquare().apply(in[0]), input());
        assertFalse(r.passed());
        assertEquals(1, r.failures());
        assertEquals(64, r.compared());
        GradCheckReport.Element worst = r.worst();
        assertEquals(0, worst.input());
        assertArrayEquals(new int[] {1, 1}, worst.index()); // flat index 5 of shape (2, 4)
        assertEquals(5, worst.outputIndex());
        double x5 = input().get(1, 1);
        assertEquals(3 * x5, worst.analytic(), 1e-12);
        assertEquals(2 * x5, worst.numeric(), 1e-6);
        String text = r.toString();
        assertTrue(text.contains("FAILED") && text.contains("input 0[1, 1]") && text.contains("out[1, 1]"), text);
        AssertionError e = assertThrows(AssertionError.class, r::assertPassed);
        assertEquals(text, e.getMessage());
    }

    @Test
    void fastModeCatchesItToo() {
        GradCheckReport r = GradCheck.defaults().fast(3).check(in -> new WrongSquare().apply(in[0]).sum(), input());
        assertFalse(r.passed(), r.toString());
        assertTrue(r.toString().contains("vᵀJu of input 0"), r.toString());
        GradCheck.defaults().fast(3).check(in -> new AutogradTest.Square().apply(in[0]).sum(), input())
                .assertPassed();
    }

    @Test
    void correctGradientsPassWithSmallErrors() {
        Tensor a = input();
        Tensor b = Tensor.randn(DType.FLOAT64, 12, 4, 3).requiresGrad(true);
        GradCheckReport r = GradCheck.defaults().check(in -> in[0].matmul(in[1]).exp(), a, b);
        assertTrue(r.passed(), r.toString());
        assertEquals(2 * 3 * (8 + 12), r.compared());
        assertTrue(r.maxAbsError() < 1e-7, r.toString());
        assertTrue(a.grad() == null && b.grad() == null, "the check works on copies");
    }

    @Test
    void onlyInputsThatRequireGradAreChecked() {
        Tensor a = input();
        Tensor c = Tensor.randn(DType.FLOAT64, 12, 2, 4);
        GradCheckReport r = GradCheck.defaults().check(in -> in[0].mul(in[1]), a, c);
        assertTrue(r.passed());
        assertEquals(64, r.compared());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.defaults().check(in -> in[0].exp(), c));
        assertTrue(e.getMessage().contains("requiresGrad"), e.getMessage());
    }

    @Test
    void float32InputsAreRefused() {
        Tensor x = Tensor.randn(5, 3).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.defaults().check(in -> in[0].exp(), x));
        assertTrue(e.getMessage().contains("FLOAT32") && e.getMessage().contains("to(DType.FLOAT64)"),
                e.getMessage());
    }

    @Test
    void tolerancesFollowPyTorch() {
        assertEquals(1e-6, GradCheck.DEFAULT_EPS);
        assertEquals(1e-5, GradCheck.DEFAULT_ATOL);
        assertEquals(1e-3, GradCheck.DEFAULT_RTOL);
        // a 1 % error passes with rtol 0.02 and fails with the default
        GradCheck.Fn slightlyWrong = in -> new Function() {
            @Override
            protected Tensor forward(Tensor... x) {
                return x[0].mul(3);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g.mul(3.03)};
            }
        }.apply(in[0]);
        assertFalse(GradCheck.defaults().check(slightlyWrong, input()).passed());
        assertTrue(GradCheck.defaults().rtol(0.02).check(slightlyWrong, input()).passed());
    }

    /** An op whose float32 path is wrong (the float64 path is right): the agreement check catches it. */
    @Test
    void agreementCatchesAFloat32OnlyBug() {
        GradCheck.Fn f = in -> new Function() {
            @Override
            protected Tensor forward(Tensor... x) {
                return x[0].dtype() == DType.FLOAT32 ? x[0].mul(1.001) : x[0].mul(1);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g};
            }
        }.apply(in[0]);
        GradCheckReport r = GradCheck.defaults().agreement(f, input());
        assertFalse(r.passed());
        assertTrue(r.toString().contains("output"), r.toString());
        GradCheck.defaults().agreement(in -> in[0].matmul(in[0].transpose(0, 1)).softmax(1), input()).assertPassed();
    }
}
