package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.conv.WinogradBackends;
import dev.resvec.kernels.internal.conv.WinogradConvolution;
import dev.resvec.kernels.internal.conv.WinogradFilter;
import dev.resvec.kernels.internal.conv.WinogradKernels;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Winograd forward and data gradient give bitwise the single-threaded result for every thread count and executor,
 * with the transforms stacked (several tile rows per vector) or one tile row at a time, on both providers: threads
 * take whole tile blocks or split a block's steps by input channel, transformed point and output channel (or tile),
 * never a sum, and the blocks depend on the geometry alone; a per-call filter transform is split in whole vectors of
 * filters. Every shape runs with one block (the steps split) and with the smallest blocks (the blocks split); the
 * shapes cover the transposed GEMM orientation (few tiles, many channels), odd sizes, a crop (padding 3) and narrow
 * images; a counting executor checks that the work was split.
 */
class WinogradDeterminismTest {
    /** batch, C, H, W, K, padding */
    private static final int[][] SHAPES = {
        {3, 16, 40, 40, 16, 1},   // F(2×2): 1200 tiles
        {1, 128, 12, 12, 128, 1}, // few tiles, many channels: the transposed orientation on AVX2
        {2, 24, 33, 29, 40, 2},   // odd sizes, partial tiles
        {1, 40, 23, 31, 36, 3},   // padding 3: the data gradient crops
        {8, 32, 8, 8, 32, 1},     // narrow images, where the heuristic stacks tile rows: 2 F(4×4) tiles per row
        {4, 40, 13, 7, 36, 0},    // narrow, odd sizes, no padding, partial tiles
        {2, 24, 16, 16, 40, 1},   // 16-wide: 4 F(4×4) tiles per row
    };

    private static ExecutorService pool;

    @BeforeContainer
    static void start() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "winograd-test-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Example
    void forwardIsBitwiseTheSameForEveryThreadCount() {
        Random rnd = new Random(5);
        for (int[] d : SHAPES) {
            ConvShape s = ConvShape.of(d[0], d[1], d[2], d[3], d[4], 3, 1, d[5]);
            float[] in = WinogradTestSupport.array(rnd, 0, s.inputSize(), 0, 0f);
            float[] wt = WinogradTestSupport.array(rnd, 0, s.filterSize(), 0, 0f);
            float[] bias = WinogradTestSupport.array(rnd, 0, s.outChannels(), 0, 0f);
            float[] res = WinogradTestSupport.array(rnd, 0, s.outputSize(), 0, 0f);
            ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu();
            for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.WINOGRAD_F2X2_3X3,
                    ConvAlgorithm.WINOGRAD_F4X4_3X3}) {
                for (Backend backend : TestBackends.all()) {
                    WinogradKernels kern = WinogradBackends.of(backend);
                    WinogradFilter f = WinogradConvolution.transformFilter(a, s, wt, 0, kern);
                    String who = backend.provider().describe() + ", " + a + " forward, " + s.describe();
                    everyThreadCount(who, s.outputSize(), (p, out) ->
                            WinogradConvolution.forward(s, f, in, 0, out, 0, e, p));
                    bothWays(who, s.outputSize(), (p, out) -> WinogradConvolution.forward(s, f, in, 0, out, 0, e, p));
                }
                // the training path: the filters transformed in the call, by the call's threads
                everyThreadCount(a + " forward with per-call filters, " + s.describe(), s.outputSize(),
                        (p, out) -> WinogradConvolution.forward(s, a, in, 0, wt, 0, out, 0, e, p));
            }
        }
    }

    @Example
    void dataGradientIsBitwiseTheSameForEveryThreadCount() {
        Random rnd = new Random(6);
        for (int[] d : SHAPES) {
            ConvShape s = ConvShape.of(d[0], d[1], d[2], d[3], d[4], 3, 1, d[5]);
            float[] g = WinogradTestSupport.array(rnd, 0, s.outputSize(), 0, 0f);
            float[] wt = WinogradTestSupport.array(rnd, 0, s.filterSize(), 0, 0f);
            for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.WINOGRAD_F2X2_3X3,
                    ConvAlgorithm.WINOGRAD_F4X4_3X3}) {
                for (Backend backend : TestBackends.all()) {
                    WinogradKernels kern = WinogradBackends.of(backend);
                    String who = backend.provider().describe() + ", " + a + " backwardData, " + s.describe();
                    everyThreadCount(who, s.inputSize(), (p, gin) ->
                            WinogradConvolution.backwardData(s, a, g, 0, wt, 0, gin, 0, p, kern));
                    bothWays(who, s.inputSize(), (p, gin) ->
                            WinogradConvolution.backwardData(s, a, g, 0, wt, 0, gin, 0, p, kern));
                }
            }
        }
    }

    /** Stacked and tile-row transforms, one block and the smallest blocks, 1 and 3 threads: all the same bits. */
    private static void bothWays(String who, int size, Run run) {
        float[] rows = new float[size];
        WinogradTestSupport.stacked("never", () -> run.run(Parallelism.singleThread(), rows));
        for (boolean small : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 3}) {
                float[] stacked = new float[size];
                WinogradTestSupport.blocks(small, () -> WinogradTestSupport.stacked("always",
                        () -> run.run(Parallelism.threads(threads), stacked)));
                same(who + ", stacked, " + (small ? "smallest blocks" : "one block") + ", threads(" + threads + ")",
                        rows, stacked);
            }
        }
    }

    private interface Run {
        void run(Parallelism p, float[] out);
    }

    private static void everyThreadCount(String who, int size, Run run) {
        for (boolean small : new boolean[] {false, true}) {
            WinogradTestSupport.blocks(small, () -> everyThreadCountWithTheseBlocks(who
                    + (small ? ", smallest blocks" : ", one block"), size, run));
        }
    }

    private static void everyThreadCountWithTheseBlocks(String who, int size, Run run) {
        float[] single = new float[size];
        run.run(Parallelism.singleThread(), single);
        for (int threads : new int[] {2, 3, 5}) {
            same(who + ", threads(" + threads + ")", single, timed(size, out -> run.run(Parallelism.threads(threads),
                    out)));
        }
        AtomicInteger handedOut = new AtomicInteger();
        same(who + ", own pool x4", single, timed(size, out -> run.run(Parallelism.on(r -> {
            handedOut.incrementAndGet();
            pool.execute(r);
        }, 4), out)));
        assertTrue(handedOut.get() > 0, who + ": the work was not split, so this checks nothing");
        same(who + ", rejecting executor", single, timed(size, out -> run.run(Parallelism.on(r -> {
            throw new RejectedExecutionException("rejects everything");
        }, 3), out)));
        same(who + ", direct executor", single, timed(size, out -> run.run(Parallelism.on(Runnable::run, 3), out)));
    }

    private static float[] timed(int size, Consumer<float[]> body) {
        float[] out = new float[size];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> body.accept(out), "did not finish (deadlock?)");
        return out;
    }

    private static void same(String who, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, who);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(who + ": element " + i + " is " + actual[i] + ", single-threaded gave " + expected[i]);
            }
        }
    }
}
