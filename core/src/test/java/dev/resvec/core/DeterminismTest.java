package dev.resvec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.Parallelism;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives bitwise the same gradients, run after run and whatever the kernels' thread count. The sizes
 * are large enough for SGEMM and the residual add (256·300 elements, above Elementwise.PARALLEL_THRESHOLD) to split
 * their work across threads.
 */
class DeterminismTest {

    private static float[][] gradients(long seed) {
        Tensor x = Tensor.randn(seed, 256, 300).requiresGrad(true);
        Tensor w1 = Tensor.randn(seed + 1, 300, 300).mul(0.05).detach().requiresGrad(true);
        Tensor w2 = Tensor.randn(seed + 2, 300, 10).mul(0.05).detach().requiresGrad(true);
        Tensor b = Tensor.randn(seed + 3, 300).requiresGrad(true);
        int[] targets = new int[256];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = i % 10;
        }
        Tensor h = x.matmul(w1).add(b).addRelu(x); // residual block, shortcut used twice
        Tensor h2 = h.matmul(w1).relu().add(h);     // w1 used twice
        h2.matmul(w2).crossEntropy(targets).backward();
        return new float[][] {x.grad().toFloatArray(), w1.grad().toFloatArray(), w2.grad().toFloatArray(),
                b.grad().toFloatArray()};
    }

    @Test
    void sameSeedSameGradientsAcrossRunsAndThreadCounts() {
        int before = Parallelism.defaultThreads();
        try {
            Parallelism.setDefaultThreads(1);
            float[][] one = gradients(42);
            float[][] again = gradients(42);
            Parallelism.setDefaultThreads(2);
            float[][] two = gradients(42);
            Parallelism.setDefaultThreads(3);
            float[][] three = gradients(42);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], again[i], "run to run, gradient " + i);
                assertArrayEquals(one[i], two[i], "1 vs 2 threads, gradient " + i);
                assertArrayEquals(one[i], three[i], "1 vs 3 threads, gradient " + i);
            }
        } finally {
            Parallelism.setDefaultThreads(before);
        }
    }
}
