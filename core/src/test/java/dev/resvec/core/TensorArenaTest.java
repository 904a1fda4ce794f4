package dev.resvec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TensorArena}: the same results with recycled storage as with fresh arrays, even when every recycled array
 * starts full of NaN (so an operation that read its output before writing it would show), released tensors refuse
 * to be read, and the scope rules.
 */
class TensorArenaTest {
    private static final int[] LABELS = {0, 2, 1, 2, 0, 1};

    /** Parameters of a small network over most operations: conv (bias, stride), BN, pools, residual, fc. */
    private static Tensor[] parameters(DType dtype) {
        return new Tensor[] {
            Tensor.randn(dtype, 1, 8, 3, 3, 3).mul(0.3).detach().requiresGrad(true),   // conv a, stride 1
            Tensor.randn(dtype, 2, 8).mul(0.1).detach().requiresGrad(true),            // its bias
            Tensor.ones(dtype, 8).requiresGrad(true),                                  // BN gamma
            Tensor.zeros(dtype, 8).requiresGrad(true),                                 // BN beta
            Tensor.randn(dtype, 3, 8, 8, 3, 3).mul(0.2).detach().requiresGrad(true),   // conv b, stride 2
            Tensor.randn(dtype, 4, 8, 3).mul(0.3).detach().requiresGrad(true),         // fc weight
            Tensor.randn(dtype, 5, 3).mul(0.1).detach().requiresGrad(true),            // fc bias (broadcast)
        };
    }

    private static Tensor loss(Tensor x, Tensor[] p, Tensor runningMean, Tensor runningVar) {
        Tensor h = Functional.conv2d(x, p[0], p[1], 1, 1);
        h = Functional.batchNorm2d(h, runningMean, runningVar, p[2], p[3], true, 0.1, 1e-5).relu();
        Tensor r = Functional.avgPool2d(h, 3, 1, 1, true);
        h = h.addRelu(r);                                                             // residual, h used twice
        Tensor s = Functional.conv2d(h, p[4], null, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1,
                dev.resvec.kernels.ConvAlgorithm.AUTO);
        s = Functional.maxPool2d(s, 2, 2, 0).add(Functional.avgPool2d(s, 2, 2, 0, false).mul(0.5));
        Tensor pooled = Functional.adaptiveAvgPool2d(s, 1).reshape(x.size(0), 8);
        Tensor logits = pooled.matmul(p[5]).add(p[6]).sub(pooled.sum(1, true).mul(0.01));
        Tensor extra = logits.softmax(1).transpose(0, 1).mean().mul(0.1);
        return logits.crossEntropy(LABELS).add(extra);
    }

    /** Three steps of plain SGD; the gradients of every step, as doubles. */
    private static double[][] train(DType dtype, TensorArena arena) {
        Tensor[] p = parameters(dtype);
        Tensor mean = Tensor.zeros(dtype, 8);
        Tensor var = Tensor.ones(dtype, 8);
        double[][] grads = new double[3 * p.length + 3][];
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.randn(dtype, 10 + step, 6, 3, 8, 8);
            TensorArena.Scope scope = arena == null ? null : arena.enter();
            try {
                Tensor l = loss(x, p, mean, var);
                grads[3 * p.length + step] = new double[] {l.item()};
                l.backward();
                for (int i = 0; i < p.length; i++) {
                    grads[step * p.length + i] = p[i].grad().toDoubleArray();
                    // the update: a new leaf made by a factory, valid after the scope
                    double[] v = p[i].toDoubleArray();
                    double[] g = p[i].grad().toDoubleArray();
                    for (int k = 0; k < v.length; k++) {
                        v[k] -= 0.1 * g[k];
                    }
                    p[i] = Tensor.fromArray(v, p[i].shape()).to(dtype).requiresGrad(true);
                }
            } finally {
                if (scope != null) {
                    scope.close();
                }
            }
        }
        return grads;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void recycledStorageGivesBitwiseTheSameGradients(DType dtype) {
        double[][] fresh = train(dtype, null);
        TensorArena arena = new TensorArena(true); // every recycled array starts as NaN
        double[][] recycled = train(dtype, arena);
        for (int i = 0; i < fresh.length; i++) {
            assertArrayEquals(fresh[i], recycled[i], "entry " + i);
        }
        assertTrue(arena.retainedBytes() > 0, "the arena keeps the arrays for the next scope");
    }

    @Test
    void laterScopesReuseTheArraysOfEarlierOnes() {
        TensorArena arena = new TensorArena();
        Tensor[] p = parameters(DType.FLOAT32);
        long[] retained = new long[3];
        for (int step = 0; step < 3; step++) {
            try (TensorArena.Scope ignored = arena.enter()) {
                loss(Tensor.randn(1, 6, 3, 8, 8), p, null, null).backward();
            }
            for (Tensor t : p) {
                t.zeroGrad();
            }
            retained[step] = arena.retainedBytes();
        }
        assertEquals(retained[0], retained[1], "the second step needed no new arrays");
        assertEquals(retained[0], retained[2]);
        arena.clear();
        assertEquals(0, arena.retainedBytes());
    }

    @Test
    void releasedTensorsAndTheirViewsCannotBeRead() {
        TensorArena arena = new TensorArena();
        Tensor a = Tensor.randn(1, 4, 5).requiresGrad(true);
        Tensor out;
        Tensor view;
        Tensor detached;
        Tensor made;
        try (TensorArena.Scope ignored = arena.enter()) {
            out = a.relu().mul(2);
            view = out.reshape(20);
            detached = out.detach();
            made = Tensor.ones(3); // a factory: never arena storage
            assertFalse(out.isReleased());
            out.sum().backward();
        }
        for (Tensor t : new Tensor[] {out, view, detached}) {
            assertTrue(t.isReleased());
            IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
            assertTrue(e.getMessage().contains("released when its TensorArena scope closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> t.get(0, 0));
            assertThrows(IllegalStateException.class, t::toDoubleArray);
            assertThrows(IllegalStateException.class, () -> t.add(1.0), "an operation on a released input");
            assertTrue(t.toString().contains("released"), t.toString());
        }
        assertThrows(IllegalStateException.class, () -> out.sum().item());
        assertFalse(made.isReleased());
        assertEquals(3.0, made.sum().item());
        assertFalse(a.isReleased(), "a leaf made by a factory stays valid");
        // the gradient backward left on the leaf came from the scope: a second backward must not add to it
        assertTrue(a.grad().isReleased());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.relu().sum().backward());
        assertTrue(e.getMessage().contains("zeroGrad"), e.getMessage());
        a.zeroGrad();
        assertDoesNotThrow(() -> a.relu().sum().backward());
    }

    @Test
    void scopesDoNotNestAndBelongToTheirThread() throws InterruptedException, ExecutionException {
        TensorArena arena = new TensorArena();
        TensorArena other = new TensorArena();
        TensorArena.Scope scope = arena.enter();
        assertThrows(IllegalStateException.class, arena::enter, "a second scope of one arena");
        assertThrows(IllegalStateException.class, other::enter, "a scope inside a scope on one thread");
        assertThrows(IllegalStateException.class, arena::clear, "clear while a scope is open");
        IllegalStateException wrongThread = CompletableFuture.supplyAsync(() ->
                assertThrows(IllegalStateException.class, scope::close)).get();
        assertTrue(wrongThread.getMessage().contains("must be closed there"), wrongThread.getMessage());
        scope.close();
        assertDoesNotThrow(scope::close, "closing twice is harmless");
        try (TensorArena.Scope again = arena.enter()) {
            assertFalse(Tensor.ones(2).relu().isReleased());
        }
        // outside any scope operations allocate as before
        Tensor t = Tensor.ones(2).relu();
        assertFalse(t.isReleased());
        assertEquals(2.0, t.sum().item());
    }
}
