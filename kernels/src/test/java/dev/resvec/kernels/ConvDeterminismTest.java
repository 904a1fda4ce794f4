package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Results are bitwise the same for every thread count and executor (forward, data and filter gradients, on every
 * backend, with the default and the narrowest column blocks), and a {@link PreparedConvolution} computes bitwise
 * what {@link Convolution#forward} computes, on every thread count (an odd batch's images are then split into bands
 * of output rows), and with the residual added in place the same bits on every thread count. Random shapes, plus
 * fixed larger ones where the work is split for sure: one big image (blocks of one image shared between threads),
 * three images on two threads (two shared, the third on both threads through its GEMM), groups, a strided 1×1, the
 * 7×7 stride-2 stem, a strided 3×3 with 7×7 outputs (its prepared GEMM swapped), and thin products at batch 3
 * and 4 (their filters packed once for all images on one or two threads, by each image's GEMM on more).
 */
class ConvDeterminismTest {
    private static ExecutorService pool;

    @BeforeContainer
    static void startPool() {
        pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "conv-test-pool");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterContainer
    static void stopPool() throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "test pool did not stop");
    }

    @Provide
    Arbitrary<ConvShape> shapes() {
        return Arbitraries.oneOf(ConvShapes.general(), ConvShapes.pointwise());
    }

    @Property(tries = 30, seed = TestSeeds.SEED)
    void everyThreadCountGivesTheSameBits(@ForAll("shapes") ConvShape s, @ForAll long seed) {
        checkThreads(s, seed);
    }

    @Example
    void largerShapesGiveTheSameBitsOnEveryThreadCount() {
        List<ConvShape> shapes = List.of(
                ConvShape.of(1, 32, 40, 40, 32, 3, 1, 1),
                ConvShape.of(3, 16, 23, 23, 24, 3, 2, 1),
                ConvShape.of(2, 24, 31, 31, 12, 5, 1, 2).withGroups(4),
                ConvShape.of(3, 64, 28, 28, 32, 1, 2, 0),
                ConvShape.of(2, 96, 14, 14, 64, 1, 1, 0),
                ConvShape.of(1, 3, 64, 64, 16, 7, 2, 3),
                // 49 output positions: the prepared filters' GEMM is swapped, its gathered columns the left operand
                ConvShape.of(1, 64, 14, 14, 96, 3, 2, 1),
                // thin products at batch 4 and 3: filters packed once per call for all images' transposed GEMMs on
                // few threads (the forward; the data gradient of the second), by each image's GEMM on more
                ConvShape.of(4, 64, 7, 7, 96, 3, 1, 1),
                ConvShape.of(3, 16, 7, 7, 320, 3, 1, 1));
        long seed = 11;
        for (ConvShape s : shapes) {
            checkThreads(s, seed++);
        }
    }

    private static void checkThreads(ConvShape s, long seed) {
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
        float[] w = ConvTestSupport.data(rnd, 0, s.filterSize(), 0);
        float[] g = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
        float[] bias = ConvTestSupport.data(rnd, 0, s.outChannels(), 0);
        float[] res = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
        ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu();
        ConvAlgorithm algorithm = ConvAlgorithm.POINTWISE_GEMM.accepts(s) && rnd.nextBoolean()
                ? ConvAlgorithm.POINTWISE_GEMM : ConvAlgorithm.IM2COL_GEMM;
        List<Parallelism> settings = List.of(Parallelism.threads(2), Parallelism.threads(3),
                Parallelism.on(pool, 4), Parallelism.defaults());
        for (ConvContext context : ConvTestSupport.contexts()) {
            String who = algorithm + " on " + ConvTestSupport.describe(context) + ", " + s.describe();
            float[] out1 = new float[s.outputSize()];
            float[] gin1 = new float[s.inputSize()];
            float[] gw1 = new float[s.filterSize()];
            float[] gb1 = new float[s.outChannels()];
            Parallelism one = Parallelism.singleThread();
            GemmConvolution.forward(context, s, algorithm, in, 0, w, 0, out1, 0, e, one);
            GemmConvolution.backwardData(context, s, algorithm, g, 0, w, 0, gin1, 0, one);
            GemmConvolution.backwardFilter(context, s, algorithm, in, 0, g, 0, gw1, 0, gb1, 0, one);
            for (Parallelism p : settings) {
                float[] out = new float[s.outputSize()];
                float[] gin = new float[s.inputSize()];
                float[] gw = new float[s.filterSize()];
                float[] gb = new float[s.outChannels()];
                GemmConvolution.forward(context, s, algorithm, in, 0, w, 0, out, 0, e, p);
                GemmConvolution.backwardData(context, s, algorithm, g, 0, w, 0, gin, 0, p);
                GemmConvolution.backwardFilter(context, s, algorithm, in, 0, g, 0, gw, 0, gb, 0, p);
                assertArrayEquals(out1, out, who + ": forward differs on " + p);
                assertArrayEquals(gin1, gin, who + ": data gradient differs on " + p);
                assertArrayEquals(gw1, gw, who + ": filter gradient differs on " + p);
                assertArrayEquals(gb1, gb, who + ": bias gradient differs on " + p);
            }
        }
        // the public entry and prepared filters: the active context, same bits
        float[] viaFacade = new float[s.outputSize()];
        Convolution.forward(s, algorithm, in, 0, w, 0, viaFacade, 0, e, Parallelism.singleThread());
        PreparedConvolution prepared = Convolution.prepare(s, algorithm, w, 0);
        // the residual in place (the output holds it) is added by the GEMM's beta = 1: other bits, the same on all
        float[] inPlace1 = inPlace(prepared, in, res, bias, Parallelism.singleThread());
        // an odd batch on 2 or 3 threads: each image's output rows in bands, one task per band
        for (Parallelism p : List.of(Parallelism.threads(2), Parallelism.threads(3), Parallelism.on(pool, 4))) {
            float[] viaPrepared = new float[s.outputSize()];
            prepared.forward(s.batch(), in, 0, viaPrepared, 0, e, p);
            assertArrayEquals(viaFacade, viaPrepared, algorithm + " prepared on " + p + " vs direct call, "
                    + s.describe());
            assertArrayEquals(inPlace1, inPlace(prepared, in, res, bias, p), algorithm
                    + " prepared, residual in place, on " + p + " vs 1 thread, " + s.describe());
        }
        if (s.batch() > 1) {
            // one image through the prepared filters: the first image's output
            float[] first = new float[s.outputSize() / s.batch()];
            float[] res0 = java.util.Arrays.copyOf(res, first.length);
            prepared.forward(1, in, 0, first, 0, ConvEpilogue.none().withBias(bias, 0).withResidual(res0, 0)
                    .withRelu(), Parallelism.singleThread());
            assertArrayEquals(java.util.Arrays.copyOf(viaFacade, first.length), first,
                    "prepared batch 1 vs batch " + s.batch() + ", " + s.describe());
        }
    }

    /** The prepared forward with bias, ReLU and the residual added in place: the output starts as the residual. */
    private static float[] inPlace(PreparedConvolution prepared, float[] in, float[] res, float[] bias, Parallelism p) {
        float[] out = res.clone();
        prepared.forward(prepared.shape().batch(), in, 0, out, 0, ConvEpilogue.none().withBias(bias, 0)
                .withResidual(out, 0).withRelu(), p);
        return out;
    }
}
