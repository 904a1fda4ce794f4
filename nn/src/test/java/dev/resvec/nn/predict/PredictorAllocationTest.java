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
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Steady-state calls take their buffers from the per-thread arena: once a thread has run a batch, calls of that
 * batch or a smaller one allocate only small objects (epilogue descriptors, the kernels' task objects), nothing of
 * the size of an activation.
 */
class PredictorAllocationTest {
    private static final PredictorOptions ONE_THREAD = PredictorOptions.defaults().inputSize(32, 32)
            .parallelism(Parallelism.singleThread());

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
     * Counted with the JVM's per-thread allocation counter, on one thread so that all of a call's allocation is
     * counted. The first calls run the Vector API before C2 has compiled it, and the interpreter allocates an
     * object per vector operation; so the test looks for the fewest bytes over a run of calls, which once compiled
     * are a few hundred bytes per convolution. A predictor that allocated its activations per call would never
     * get below one activation buffer (and the test then fails after its deadline).
     */
    @Test
    void steadyStateCallsAllocateNothingLarge() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        for (boolean pre : new boolean[] {false, true}) {
            Predictor p = Predictor.of(ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(8)
                    .preActivation(pre)), ONE_THREAD);
            int batch = 8;
            float[] in = PredictorFixtures.images(1, batch, 3, 32, 32).toFloatArray();
            float[] out = new float[batch * p.outputSize()];
            long activation = 4L * 8 * 32 * 32 * batch; // bytes of the stem's output: the smallest slot holds one
            long id = Thread.currentThread().threadId();
            long fewest = Long.MAX_VALUE;
            // Until compiled: by calls, with a generous deadline as well, since C2 shares the cores with whatever else
            // runs (with other builds beside it, 1000 calls once ended before the kernels were compiled).
            long deadline = System.nanoTime() + 120_000_000_000L;
            for (int call = 0; fewest >= activation / 4 && (call < 1000 || System.nanoTime() < deadline); call++) {
                long before = threads.getThreadAllocatedBytes(id);
                p.predictInto(in, 0, call % 2 == 0 ? batch : 3, out, 0);
                fewest = Math.min(fewest, threads.getThreadAllocatedBytes(id) - before);
            }
            assertTrue(fewest < activation / 4, "pre-activation " + pre + ": every call allocated at least " + fewest
                    + " bytes; one activation is " + activation + " bytes");
        }
    }
}
