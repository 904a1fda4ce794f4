package dev.resvec.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Steady-state calls take their buffers from the per-thread arena: once a thread has run a batch, calls of that
 * batch or a smaller one allocate only small objects (epilogue descriptors, the kernels' task objects), nothing of
 * the size of an activation, on one thread and on each of several threads sharing the predictor. Runs in a JVM of
 * its own (the {@code allocation} execution in nn's pom).
 */
class PredictorAllocationTest {
    private static final PredictorOptions ONE_THREAD = PredictorOptions.defaults().inputSize(32, 32)
            .parallelism(Parallelism.singleThread());
    private static final int BATCH = 8;
    /** Bytes of one image's stem output in a CIFAR ResNet of base width 8 on 32×32 images: 8 planes of floats. */
    private static final long STEM_OUTPUT_PER_IMAGE = 4L * 8 * 32 * 32;
    /** The steady-state bound: half of one image's stem output per image of a call (see below). */
    private static final long BOUND_PER_IMAGE = STEM_OUTPUT_PER_IMAGE / 2;

    @Test
    void theArenaIsSizedForTheLargestBatchAndReused() {
        Predictor p = Predictor.of(ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(8)), ONE_THREAD);
        float[] in = PredictorFixtures.images(1, 8, 3, 32, 32).toFloatArray();
        float[] out = new float[8 * 10];
        p.predictInto(in, 0, 8, out, 0);
        Arena arena = p.arenas().acquire();
        assertEquals(8, arena.capacity());
        float[] slot = arena.array(1); // the stem's output lives in a slot
        p.predictInto(in, 0, 3, out, 0);
        assertSame(arena, p.arenas().acquire(), "one arena per thread");
        assertEquals(8, arena.capacity(), "a smaller batch keeps the buffers");
        assertSame(slot, arena.array(1), "… the same arrays");
        assertEquals(null, arena.array(0), "the caller's input is not kept after the call");
        p.releaseScratch();
        p.predictInto(in, 0, 3, out, 0);
        assertEquals(3, p.arenas().acquire().capacity(), "released: the next call sizes a new arena for its batch");
    }

    @Test
    void virtualThreadsShareArenas() throws Exception {
        Predictor p = Predictor.of(ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(4)), ONE_THREAD);
        float[] in = PredictorFixtures.images(1, 2, 3, 32, 32).toFloatArray();
        float[] expected = p.predict(in, 2);
        Arena[] seen = new Arena[2];
        for (int i = 0; i < 2; i++) {
            int call = i;
            Thread t = Thread.ofVirtual().start(() -> {
                assertArrayEquals(expected, p.predict(in, 2));
                seen[call] = p.arenas().acquire(); // the arena the call gave back
                p.arenas().release(seen[call]);
            });
            t.join();
        }
        assertSame(seen[0], seen[1], "the second virtual thread reuses the first one's arena");
        assertEquals(1, p.arenas().sharedCount());
        assertNotSame(seen[0], p.arenas().acquire(), "platform threads keep their own");
    }

    /**
     * Counted with the JVM's per-thread allocation counter ({@link AllocationMeter}), on one thread so that all of a
     * call's allocation is counted. The first calls run the Vector API before C2 has compiled it, and the interpreter
     * allocates an object per vector operation; so the test first looks for the fewest bytes over a run of calls,
     * which once compiled are a few hundred bytes per convolution. A predictor that allocated its activations per
     * call would never get below one activation buffer (and the test then fails after its deadline).
     *
     * <p>Then the steady state: warm calls of 8 images must average at most {@link #BOUND_PER_IMAGE} bytes per
     * image, half of the stem's output for that image, so that even one activation allocated per call fails. The
     * fewest bytes of a single call cannot see an allocation made on some calls only (every other call, when the
     * arena is dropped and rebuilt); the average over a round of calls does. Measured (2026-12-03, 512-bit kernels):
     * 24.9 KB per call of 8 images for v1 and v2 (12.5 KB for one image: most of it is per call, not per image,
     * the epilogue descriptors and the kernels' task objects), against a bound of 128 KiB.
     */
    @Test
    void steadyStateCallsAllocateNothingLarge() {
        assumeTrue(AllocationMeter.available(), "needs HotSpot's allocation counter");
        for (boolean pre : new boolean[] {false, true}) {
            Predictor p = Predictor.of(ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(8)
                    .preActivation(pre)), ONE_THREAD);
            float[] in = PredictorFixtures.images(1, BATCH, 3, 32, 32).toFloatArray();
            float[] out = new float[BATCH * p.outputSize()];
            long activation = STEM_OUTPUT_PER_IMAGE * BATCH; // the smallest slot holds one
            long fewest = AllocationMeter.warm(p, in, out, BATCH, activation / 4);
            assertTrue(fewest < activation / 4, "pre-activation " + pre + ": every call allocated at least " + fewest
                    + " bytes; one activation is " + activation + " bytes");

            long[] averages = AllocationMeter.roundAverages(p, in, out, BATCH);
            assertTrue(AllocationMeter.bestRoundAverage(averages) <= BOUND_PER_IMAGE * BATCH, "pre-activation " + pre
                    + ": bytes per warm call of " + BATCH + " images, per round " + Arrays.toString(averages)
                    + "; the bound is " + BOUND_PER_IMAGE * BATCH);
        }
    }

    /**
     * Two platform threads share one predictor, as the threads of a server's pool do: each has its own arena, so
     * once warm, each thread's calls stay under the same per-call bound as one thread's, and give the single-thread
     * output. The threads wait for each other before measuring so that their rounds run side by side; the bound
     * does not depend on how much they overlap (each counter sees its own thread only). Measured (2026-12-03):
     * 20.5–26.7 KB per call on each thread.
     */
    @Test
    void twoThreadsSharingAPredictorEachStayUnderTheBound() throws Exception {
        assumeTrue(AllocationMeter.available(), "needs HotSpot's allocation counter");
        Predictor p = Predictor.of(ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(8)), ONE_THREAD);
        float[] in = PredictorFixtures.images(2, BATCH, 3, 32, 32).toFloatArray();
        float[] expected = p.predict(in, BATCH);
        long activation = STEM_OUTPUT_PER_IMAGE * BATCH;
        CyclicBarrier warmed = new CyclicBarrier(2);
        Callable<long[]> caller = () -> {
            float[] out = new float[BATCH * p.outputSize()];
            long fewest = AllocationMeter.warm(p, in, out, BATCH, activation / 4);
            warmed.await(5, TimeUnit.MINUTES); // only so that a failing partner cannot hang this thread
            long[] averages = AllocationMeter.roundAverages(p, in, out, BATCH);
            assertArrayEquals(expected, out, "the thread's own arena gives the single-thread output");
            return new long[] {fewest, AllocationMeter.bestRoundAverage(averages), averages[0]};
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<long[]>> results = pool.invokeAll(List.of(caller, caller));
            for (int t = 0; t < 2; t++) {
                long[] r = results.get(t).get();
                assertTrue(r[0] < activation / 4, "thread " + t + ": every call allocated at least " + r[0]
                        + " bytes; one activation is " + activation + " bytes");
                assertTrue(r[1] <= BOUND_PER_IMAGE * BATCH, "thread " + t + ": at best " + r[1]
                        + " bytes per warm call of " + BATCH + " images; the bound is " + BOUND_PER_IMAGE * BATCH);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
