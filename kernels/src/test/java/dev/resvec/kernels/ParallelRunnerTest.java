package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.ParallelJob;
import dev.resvec.kernels.internal.ParallelRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link ParallelRunner}'s contract beyond the busy pool ({@link KernelPoolTest}): the first failure of a share is
 * rethrown, on 2 or more threads after every other share ran once; an executor that drops, rejects or delays its
 * tasks cannot lose a share, run one twice or hang the call; a share may itself run a parallel call (from a pool
 * worker it runs serially); the caller's interrupt status survives the join.
 */
class ParallelRunnerTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** Keeps every task it is given and never runs it, until {@link #runLate} (a helper that comes after the call). */
    private static final class HoardingExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized void runLate() {
            tasks.forEach(Runnable::run);
        }
    }

    private static void assertEachRanOnce(AtomicIntegerArray runs) {
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "share " + i + " ran " + runs.get(i) + " times");
        }
    }

    @Test
    void aFailingShareIsRethrownAfterEveryOtherShareRan() {
        for (int threads : new int[] {1, 2, 3}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(23);
            IllegalStateException boom = new IllegalStateException("share 7 fails");
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> assertTimeoutPreemptively(LIMIT,
                    () -> ParallelRunner.run(23, Parallelism.threads(threads), s -> {
                        runs.incrementAndGet(s);
                        if (s == 7) {
                            throw boom;
                        }
                    })));
            assertSame(boom, thrown, threads + " threads");
            if (threads == 1) { // the serial path stops at the failure
                for (int i = 0; i < runs.length(); i++) {
                    assertEquals(i <= 7 ? 1 : 0, runs.get(i), "share " + i);
                }
            } else {
                assertEachRanOnce(runs);
            }
        }
    }

    @Test
    void anErrorInAShareIsRethrownAsIs() {
        AssertionError boom = new AssertionError("share 0 fails");
        AssertionError thrown = assertThrows(AssertionError.class,
                () -> ParallelRunner.run(4, Parallelism.threads(2), s -> {
                    if (s == 0) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
    }

    @Test
    void anExecutorThatNeverRunsItsTasksLeavesEveryShareToTheCaller() {
        HoardingExecutor hoarder = new HoardingExecutor();
        AtomicIntegerArray runs = new AtomicIntegerArray(17);
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread caller = Thread.currentThread();
            ParallelRunner.run(17, Parallelism.on(hoarder, 3), s -> {
                runs.incrementAndGet(s);
                assertSame(caller, Thread.currentThread(), "share " + s + " ran elsewhere");
            });
        });
        assertEachRanOnce(runs);
        assertEquals(2, hoarder.tasks.size(), "one task per helper");
        hoarder.runLate(); // helpers that come after the call find nothing left to do
        assertEachRanOnce(runs);
    }

    @Test
    void anExecutorThatRejectsItsTasksLeavesEveryShareToTheCaller() {
        Executor rejecting = task -> {
            throw new RejectedExecutionException("saturated");
        };
        AtomicIntegerArray runs = new AtomicIntegerArray(9);
        assertTimeoutPreemptively(LIMIT, () -> ParallelRunner.run(9, Parallelism.on(rejecting, 2),
                runs::incrementAndGet));
        assertEachRanOnce(runs);
    }

    @Test
    void aCallersExecutorWithAThreadPerTaskRunsEveryShareOnce() {
        Executor perTask = task -> Thread.ofPlatform().daemon().name("test-helper").start(task);
        AtomicIntegerArray runs = new AtomicIntegerArray(400);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int call = 0; call < 20; call++) {
                int base = call * 20;
                ParallelRunner.run(20, Parallelism.on(perTask, 3), s -> runs.incrementAndGet(base + s));
            }
        });
        assertEachRanOnce(runs);
    }

    @Test
    void helpersThatArriveLateNeverRunAShareOfALaterCall() {
        // One helper thread runs each handed task after a pseudo-random delay of 0-30 µs, often after the caller has
        // run every share itself and moved on to its next call: a caller reuses its job only once every helper
        // handed it has left, so a late helper never claims a share of a later call (which would run it twice).
        java.util.concurrent.LinkedBlockingQueue<Runnable> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.Random delays = new java.util.Random(20261206);
        Thread helper = Thread.ofPlatform().daemon().name("late-helper").start(() -> {
            try {
                while (true) {
                    Runnable task = queue.take();
                    spinNanos(delays.nextInt(30_000));
                    task.run();
                }
            } catch (InterruptedException stop) {
                // the test is over
            }
        });
        int calls = 3000;
        AtomicIntegerArray runs = new AtomicIntegerArray(calls * 3);
        try {
            assertTimeoutPreemptively(LIMIT, () -> {
                for (int call = 0; call < calls; call++) {
                    int base = call * 3;
                    int shares = 2 + call % 2; // a share per thread (the helper's is waited for), and one more
                    ParallelRunner.run(shares, Parallelism.on(queue::add, 2), s -> runs.incrementAndGet(base + s));
                }
            });
        } finally {
            helper.interrupt();
        }
        for (int call = 0; call < calls; call++) {
            for (int s = 0; s < 3; s++) {
                int expected = s < 2 + call % 2 ? 1 : 0;
                assertEquals(expected, runs.get(call * 3 + s), "call " + call + ", share " + s);
            }
        }
    }

    @Test
    void aTaskStillHeldByAnExecutorIsNeverHandedOutAgain() {
        // A caller reuses its job from call to call, but only once every helper it was handed to has left it: a
        // task the executor still holds (a helper yet to come) must not come back in a later call.
        HoardingExecutor hoarder = new HoardingExecutor();
        AtomicIntegerArray runs = new AtomicIntegerArray(6);
        assertTimeoutPreemptively(LIMIT, () -> {
            ParallelRunner.run(2, Parallelism.on(hoarder, 2), s -> runs.incrementAndGet(s));
            ParallelRunner.run(2, Parallelism.on(hoarder, 2), s -> runs.incrementAndGet(2 + s));
            assertEquals(2, hoarder.tasks.size());
            assertTrue(hoarder.tasks.get(0) != hoarder.tasks.get(1), "a held task was handed out again");
            hoarder.runLate(); // both helpers come, find nothing left and leave
            List<Runnable> handed = new ArrayList<>();
            ParallelRunner.run(2, Parallelism.on(task -> {
                handed.add(task);
                task.run();
            }, 2), s -> runs.incrementAndGet(4 + s));
            assertTrue(hoarder.tasks.contains(handed.get(0)), "a job whose helpers had all left was not reused");
        });
        assertEachRanOnce(runs);
    }

    /** A job that counts its shares' runs. */
    private static final class CountingJob extends ParallelJob {
        final AtomicIntegerArray runs;

        CountingJob(int shares) {
            runs = new AtomicIntegerArray(shares);
        }

        @Override
        protected void runShare(int i) {
            runs.incrementAndGet(i);
        }
    }

    @Test
    void aJobRunsEachShareOnceAndOnlyForTheThreadThatMadeIt() throws Exception {
        CountingJob job = new CountingJob(5);
        ParallelRunner.run(5, Parallelism.threads(2), job); // on the thread that made it (not a timeout's thread)
        assertEachRanOnce(job.runs);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                ParallelRunner.run(5, Parallelism.threads(2), job);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        other.join();
        assertTrue(thrown.get() instanceof IllegalStateException, "another thread's call was not refused: " + thrown);
        assertTrue(thrown.get().getMessage().contains("the thread that made it"), thrown.get().getMessage());
        assertEachRanOnce(job.runs); // the refused call ran nothing
    }

    /**
     * A helper that ran the last share has left the job by the time the call returns (it leaves before it counts
     * the share done), so the caller's next call finds its job free and reuses it: BinarySplit and the runner's own
     * job allocate another where it is not. Share 0 takes 2 µs, so the caller leaves share 1 to the spinning helper.
     */
    @Test
    void aHelperThatRanTheLastShareHasLeftTheJobWhenTheCallReturns() {
        Thread caller = Thread.currentThread();
        final class TimedJob extends ParallelJob {
            volatile Thread ranShare1;

            @Override
            protected void runShare(int i) {
                if (i == 0) {
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < 2_000) {
                        Thread.onSpinWait();
                    }
                } else {
                    ranShare1 = Thread.currentThread();
                }
            }
        }
        TimedJob job = new TimedJob();
        int helped = 0;
        for (int call = 0; call < 3000; call++) {
            ParallelRunner.run(2, Parallelism.threads(2), job);
            if (job.ranShare1 != caller) {
                helped++;
                assertTrue(job.isFree(), "call " + call + ": share 1 ran on " + job.ranShare1
                        + ", which had not left the job when the call returned");
            } else {
                // the caller ran share 1 itself: the late helper leaves when it finds nothing to claim
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (!job.isFree()) {
                    assertTrue(System.nanoTime() < deadline, "call " + call + ": a late helper never left the job");
                    Thread.onSpinWait();
                }
            }
        }
        assertTrue(helped > 0, "share 1 never ran on a helper in 3000 calls");
    }

    @Test
    void aShareMayRunAParallelCallItself() {
        int outer = 6;
        int inner = 11;
        AtomicIntegerArray runs = new AtomicIntegerArray(outer * inner);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int round = 0; round < 50; round++) {
                AtomicIntegerArray roundRuns = new AtomicIntegerArray(outer * inner);
                ParallelRunner.run(outer, Parallelism.threads(2), o -> {
                    ParallelRunner.run(inner, Parallelism.threads(2), i -> roundRuns.incrementAndGet(o * inner + i));
                });
                assertEachRanOnce(roundRuns);
                for (int i = 0; i < runs.length(); i++) {
                    runs.addAndGet(i, roundRuns.get(i));
                }
            }
        });
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(50, runs.get(i), "inner share " + i);
        }
    }

    @Test
    void theCallersInterruptStatusSurvivesTheJoin() {
        // Whoever runs share 0 waits until another thread has started share 1, which takes 20 ms: the caller runs
        // out of shares, spins, parks while interrupted (park then returns at once) and must still wait.
        Executor perTask = task -> Thread.ofPlatform().daemon().start(task);
        AtomicIntegerArray runs = new AtomicIntegerArray(2);
        AtomicIntegerArray finished = new AtomicIntegerArray(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread.currentThread().interrupt();
            try {
                ParallelRunner.run(2, Parallelism.on(perTask, 2), s -> {
                    runs.incrementAndGet(s);
                    if (s == 0) {
                        while (runs.get(1) == 0) {
                            Thread.onSpinWait();
                        }
                    } else {
                        spinMillis(20);
                    }
                    finished.incrementAndGet(s);
                });
                // an early return from the join (park returns at once while interrupted) would miss share 1's end
                assertEquals(1, finished.get(0), "share 0 had not finished when run returned");
                assertEquals(1, finished.get(1), "share 1 had not finished when run returned");
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status lost");
            } finally {
                Thread.interrupted();
            }
        });
        assertEachRanOnce(runs);
    }

    /** Waits without Thread.sleep, which would throw on the interrupted caller. */
    private static void spinMillis(long millis) {
        spinNanos(millis * 1_000_000);
    }

    private static void spinNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
