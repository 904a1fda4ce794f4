package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseTestSupport.assertExact;
import static dev.resvec.kernels.ElementwiseTestSupport.assertOnlySpanWritten;
import static dev.resvec.kernels.ElementwiseTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backends;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The parallel overloads of {@link Elementwise#add} and {@link Elementwise#addRelu}: bitwise the same result for
 * 1, 2 and 3 threads, the library pool or a caller's executor, and the rounded double reference; below
 * {@link Elementwise#PARALLEL_THRESHOLD} no work is handed to another thread.
 */
class ElementwiseParallelTest {

    /** A caller's executor: a new daemon thread per task, counting the tasks it was given. */
    private static final class CountingExecutor implements Executor {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable command) {
            tasks.incrementAndGet();
            Thread t = new Thread(command, "test-executor");
            t.setDaemon(true);
            t.start();
        }
    }

    @Provide
    Arbitrary<Integer> largeLengths() {
        int t = Elementwise.PARALLEL_THRESHOLD;
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(t - 1, t, t + 1, t + 7, 2 * t - 1, 3 * Elementwise.MIN_SHARE + 17)),
                Tuple.of(2, Arbitraries.integers().between(t - 100, 2 * t + 100)));
    }

    @Property(tries = 20, seed = TestSeeds.SEED)
    void everyThreadCountGivesBitwiseTheSameResult(@ForAll("largeLengths") int n,
                                                   @ForAll(supplier = ElementwiseTestSupport.Offsets.class) int offA,
                                                   @ForAll(supplier = ElementwiseTestSupport.Offsets.class) int offB,
                                                   @ForAll(supplier = ElementwiseTestSupport.Offsets.class) int offOut,
                                                   @ForAll boolean relu, @ForAll boolean inPlace, @ForAll long seed) {
        Random r = new Random(seed);
        float[] a = randomFloats(r, offA + n + 3, 100f);
        float[] b = randomFloats(r, offB + n + 3, 100f);
        float[] outInit = randomFloats(r, offOut + n + 3, 100f);
        CountingExecutor executor = new CountingExecutor();
        List<Parallelism> settings = List.of(Parallelism.singleThread(), Parallelism.threads(2),
                Parallelism.threads(3), Parallelism.on(executor, 3), Parallelism.defaults());
        float[] first = null;
        for (Parallelism p : settings) {
            float[] ac = a.clone();
            float[] out = inPlace ? ac : outInit.clone();
            int oo = inPlace ? offA : offOut;
            float[] before = out.clone();
            if (relu) {
                Elementwise.addRelu(n, ac, offA, b, offB, out, oo, p);
            } else {
                Elementwise.add(n, ac, offA, b, offB, out, oo, p);
            }
            String what = (relu ? "addRelu " : "add ") + p + " n=" + n;
            assertOnlySpanWritten(what, before, out, oo, n);
            float[] result = Arrays.copyOfRange(out, oo, oo + n);
            if (first == null) {
                first = result;
                for (int i = 0; i < n; i++) {
                    double s = (double) a[offA + i] + b[offB + i];
                    assertExact(what, i, relu ? Math.max(s, 0.0) : s, result[i]);
                }
            } else {
                assertArrayEquals(first, result, what + " differs from the single-threaded result");
            }
        }
        // The caller's executor was offered work exactly when the array is long enough to split: one task per share
        // beyond the caller's (2 shares from the threshold on, 3 from 3·MIN_SHARE on).
        int expectedTasks = n < Elementwise.PARALLEL_THRESHOLD ? 0 : n < 3 * Elementwise.MIN_SHARE ? 1 : 2;
        assertEquals(expectedTasks, executor.tasks.get(), "tasks handed to the caller's executor, n=" + n);
    }

    @Property(tries = 20, seed = TestSeeds.SEED)
    void unequalSharesGiveTheWholeCallsBits(@ForAll("largeLengths") int n, @ForAll boolean relu,
                                            @ForAll boolean inPlace, @ForAll long seed) {
        Random r = new Random(seed);
        float[] a = randomFloats(r, n + 5, 100f);
        float[] b = randomFloats(r, n + 5, 100f);
        float[] whole = new float[n + 5];
        if (relu) {
            Elementwise.addRelu(n, a, 0, b, 0, whole, 0);
        } else {
            Elementwise.add(n, a, 0, b, 0, whole, 0);
        }
        for (int part = SplitChooser.MIN_CALLER_PART; part <= SplitChooser.MAX_CALLER_PART; part += 16) {
            int first = Elementwise.callerShare(n, part);
            assertTrue(first > 0 && first < n && first % 64 == 0, "caller's share " + first + " of " + n);
            float[] ac = a.clone();
            float[] out = inPlace ? ac : new float[n + 5];
            BinarySplit.run(Backends.active().elementwise(), relu, n, 2, first,
                    n - first, true, Parallelism.threads(2), ac, 0, b, 0, out, 0);
            assertArrayEquals(Arrays.copyOf(whole, n), Arrays.copyOf(out, n), "caller's share " + first + ", n=" + n);
        }
    }

    @Test
    void smallArraysAreNeverSplit() {
        assertEquals(1, Elementwise.shares(Elementwise.PARALLEL_THRESHOLD - 1, Parallelism.threads(64)));
        assertEquals(1, Elementwise.shares(1000, Parallelism.threads(64)));
        assertEquals(1, Elementwise.shares(0, Parallelism.threads(64)));
        assertEquals(2, Elementwise.shares(Elementwise.PARALLEL_THRESHOLD, Parallelism.threads(64)));
        assertEquals(1, Elementwise.shares(10_000_000, Parallelism.singleThread()));
        assertEquals(3, Elementwise.shares(10_000_000, Parallelism.threads(3)));
        // operands that one core adds from its L1 faster than a hand-off to another core takes stay whole
        assertTrue(Elementwise.PARALLEL_THRESHOLD * Float.BYTES >= 32 * 1024, "threshold below 32 KiB");

        CountingExecutor executor = new CountingExecutor();
        int n = Elementwise.PARALLEL_THRESHOLD - 1;
        float[] a = new float[n];
        Elementwise.add(n, a, 0, a, 0, new float[n], 0, Parallelism.on(executor, 8));
        Elementwise.addRelu(n, a, 0, a, 0, new float[n], 0, Parallelism.on(executor, 8));
        assertEquals(0, executor.tasks.get());
    }

    @Test
    void sharesCoverTheArrayInAlignedChunks() {
        for (int n : new int[] {Elementwise.PARALLEL_THRESHOLD, 100_003, 1_000_000, 7_654_321}) {
            for (int shares = 2; shares <= Math.min(16, n / Elementwise.MIN_SHARE); shares++) {
                int chunk = Elementwise.chunk(n, shares);
                assertEquals(0, chunk % 64, "chunk " + chunk);
                assertTrue((long) chunk * shares >= n, "n=" + n + " shares=" + shares + " not covered");
                assertTrue((long) chunk * (shares - 1) < n, "n=" + n + " shares=" + shares + ": an empty share");
            }
        }
    }
}
