package dev.resvec.nn.predict;

import java.lang.management.ManagementFactory;

/**
 * Counts the bytes the calling thread allocates around predictor calls, with HotSpot's per-thread counter
 * ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}), which counts every allocation of the
 * thread and nothing of others: exact, and independent of GC and of what other threads do.
 *
 * <p>What it cannot make independent of timing is the compiler: until C2 has compiled the kernels, the Vector API
 * runs interpreted and allocates an object per vector operation, and when C2 gets there depends on how busy the
 * machine is. {@link #warm} therefore runs calls until one of them allocates less than a threshold (compiled), and
 * {@link #bestRoundAverage} takes the best of several rounds, so that a recompilation in the middle of one round
 * (a few calls interpreted again) does not decide the result, while a per-call allocation shows in every round.
 */
final class AllocationMeter {
    /** Calls per measuring round. */
    static final int CALLS = 50;
    /** Measuring rounds. */
    static final int ROUNDS = 5;

    private static final com.sun.management.ThreadMXBean THREADS = counter();

    private AllocationMeter() {}

    private static com.sun.management.ThreadMXBean counter() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t;
        }
        return null;
    }

    /** @return whether this JVM counts allocation per thread (HotSpot does) */
    static boolean available() {
        return THREADS != null;
    }

    /** @return the bytes the calling thread has allocated so far */
    static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    /**
     * Runs calls, alternating {@code batch} and a smaller batch of 3 (so both sizes' paths get compiled), until one
     * call allocates less than {@code threshold} bytes: at least 1000 calls, then until a generous deadline, since
     * C2 shares the cores with whatever else runs (with other builds beside it, 1000 calls once ended before the
     * kernels were compiled).
     *
     * @return the fewest bytes one call allocated
     */
    static long warm(Predictor p, float[] in, float[] out, int batch, long threshold) {
        long fewest = Long.MAX_VALUE;
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (int call = 0; fewest >= threshold && (call < 1000 || System.nanoTime() < deadline); call++) {
            long before = allocatedBytes();
            p.predictInto(in, 0, call % 2 == 0 ? batch : Math.min(3, batch), out, 0);
            fewest = Math.min(fewest, allocatedBytes() - before);
        }
        return fewest;
    }

    /**
     * @return the average bytes per call of each of {@link #ROUNDS} rounds of {@link #CALLS} calls of
     *         {@code batch} images, on the calling thread
     */
    static long[] roundAverages(Predictor p, float[] in, float[] out, int batch) {
        long[] averages = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long before = allocatedBytes();
            for (int c = 0; c < CALLS; c++) {
                p.predictInto(in, 0, batch, out, 0);
            }
            averages[r] = (allocatedBytes() - before) / CALLS;
        }
        return averages;
    }

    /** @return the smallest of {@code averages} */
    static long bestRoundAverage(long[] averages) {
        long best = Long.MAX_VALUE;
        for (long a : averages) {
            best = Math.min(best, a);
        }
        return best;
    }
}
