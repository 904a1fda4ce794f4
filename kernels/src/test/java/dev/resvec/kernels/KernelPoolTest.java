package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.resvec.kernels.internal.ParallelRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The library's pool under contention: many callers at once, each asking for more threads than the machine has,
 * back to back (workers spinning) and after pauses (workers parked). Every share must run exactly once, and no
 * call may hang.
 */
class KernelPoolTest {
    private static final int CALLERS = 8;
    private static final int CALLS = 300;
    private static final int SHARES = 5;

    @Test
    void everyShareRunsExactlyOnceUnderContention() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            AtomicIntegerArray runs = new AtomicIntegerArray(CALLERS * CALLS * SHARES);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                int caller = t;
                callers.add(Thread.ofPlatform().start(() -> {
                    for (int call = 0; call < CALLS; call++) {
                        int base = (caller * CALLS + call) * SHARES;
                        ParallelRunner.run(SHARES, Parallelism.threads(SHARES), s -> runs.incrementAndGet(base + s));
                        if (call % 50 == 49) {
                            sleepMillis(2); // let idle workers park, so that the next call must wake them
                        }
                    }
                }));
            }
            for (Thread t : callers) {
                t.join();
            }
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "share " + i + " ran " + runs.get(i) + " times");
            }
        });
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void parallelismRunRunsEveryShareExactlyOnceAndChecksItsArguments() {
        AtomicIntegerArray runs = new AtomicIntegerArray(37);
        Parallelism.threads(3).run(37, runs::incrementAndGet);
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "share " + i);
        }
        Parallelism.threads(2).run(0, i -> { throw new AssertionError("no share to run"); });
        assertThrows(IllegalArgumentException.class, () -> Parallelism.threads(2).run(-1, i -> { }));
        assertThrows(IllegalArgumentException.class, () -> Parallelism.threads(2).run(3, null));
    }
}
