package dev.resvec.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.core.Tensor;
import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One predictor, many threads: concurrent calls do not disturb each other (each has its own buffers), and the
 * thread count a call may use does not change a bit of the output (work is split by outputs, never along a sum).
 *
 * <p>The models and batches are chosen so that every kind of split happens: whole images per thread (a batch of
 * at least as many images as threads, in equal and unequal shares), and, with the layers splitting their work at
 * every batch ({@link Predictor#layersSplitOnly}), the convolutions' own and the predictor's passes (pre-activation
 * affine, max pooling), which split only above 2^15 elements per share.
 */
class PredictorThreadsTest {
    /** v2, CIFAR layout: affine passes of 16×32×32 per image, 8 images: 4 shares. */
    private static ResNet preAct() {
        return PredictorFixtures.withStatistics(ResNets.cifarResNet(8, 10, ResNetOptions.defaults().seed(2)
                .baseWidth(16).preActivation(true)), 5);
    }

    /** v1, ImageNet layout at 64×64: max pooling of 8×16×16 outputs × 9 taps per image. */
    private static ResNet postAct() {
        return PredictorFixtures.withStatistics(ResNets.resnet18(10, ResNetOptions.defaults().seed(3)
                .baseWidth(8)), 6);
    }

    @Test
    void everyThreadCountGivesTheSameBits() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Parallelism[] settings = {Parallelism.threads(2), Parallelism.threads(3), Parallelism.threads(5),
                Parallelism.on(callers, 4), Parallelism.defaults()};
            for (ResNet model : new ResNet[] {preAct(), postAct()}) {
                int size = model.stem() == ResNet.Stem.CIFAR ? 32 : 64;
                Predictor single = Predictor.of(model, PredictorOptions.defaults().inputSize(size, size)
                        .parallelism(Parallelism.singleThread()));
                // batch 3 on 2 threads: shares of 1 and 2 images; on 5 threads: the layers split
                for (int batch : new int[] {1, 3, 8}) {
                    Tensor x = PredictorFixtures.images(batch, batch, 3, size, size);
                    float[] expected = single.predict(x).toFloatArray();
                    for (Parallelism p : settings) {
                        Predictor threaded = single.withParallelism(p);
                        assertArrayEquals(expected, threaded.predict(x).toFloatArray(),
                                model.name() + ", batch " + batch + ", " + p);
                        assertArrayEquals(expected, threaded.layersSplitOnly().predict(x).toFloatArray(),
                                model.name() + ", batch " + batch + ", " + p + ", layers split");
                    }
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void eightThreadsCallingOnePredictorGetTheSingleThreadedBits() throws Exception {
        eightThreads(false);
    }

    /** Virtual threads borrow arenas from a shared stack instead of keeping one each: the same bits. */
    @Test
    void eightVirtualThreadsGetTheSingleThreadedBits() throws Exception {
        eightThreads(true);
    }

    private static void eightThreads(boolean virtual) throws Exception {
        for (ResNet model : new ResNet[] {preAct(), postAct()}) {
            int size = model.stem() == ResNet.Stem.CIFAR ? 32 : 64;
            Predictor shared = Predictor.of(model, PredictorOptions.defaults().inputSize(size, size)
                    .parallelism(Parallelism.threads(2)));
            Predictor single = shared.withParallelism(Parallelism.singleThread());
            // Each thread runs its own inputs, in batches of different sizes (its arena grows, then is reused).
            int threads = 8;
            int[] batches = {2, 5, 1, 5};
            List<List<Tensor>> inputs = new ArrayList<>();
            List<List<float[]>> expected = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Tensor> in = new ArrayList<>();
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < batches.length; i++) {
                    Tensor x = PredictorFixtures.images(100 * t + i, batches[i], 3, size, size);
                    in.add(x);
                    out.add(single.predict(x).toFloatArray());
                }
                inputs.add(in);
                expected.add(out);
            }
            ExecutorService pool = virtual ? Executors.newVirtualThreadPerTaskExecutor()
                    : Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<float[]>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<Tensor> in = inputs.get(t);
                    results.add(pool.submit(() -> {
                        start.await();
                        List<float[]> out = new ArrayList<>();
                        for (int round = 0; round < 2; round++) {
                            for (Tensor x : in) {
                                float[] y = shared.predict(x).toFloatArray();
                                if (round == 1) {
                                    out.add(y);
                                }
                            }
                        }
                        return out;
                    }));
                }
                start.countDown();
                for (int t = 0; t < threads; t++) {
                    List<float[]> got = results.get(t).get(10, TimeUnit.MINUTES);
                    assertEquals(batches.length, got.size());
                    for (int i = 0; i < batches.length; i++) {
                        assertArrayEquals(expected.get(t).get(i), got.get(i),
                                model.name() + (virtual ? ", virtual" : "") + " thread " + t + ", call " + i);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
