package dev.resvec.kernels.internal;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The library's own pool of daemon worker threads ({@code resvec-kernel-N}), created on first use.
 *
 * <p>A worker that runs out of work spins for {@link #SPIN_NANOS} before it parks, as OpenMP runtimes do: waking a
 * parked thread costs 5-50 µs (more in a virtual machine), as long as a whole residual add of 256 KiB takes, while a
 * spinning worker picks up the next kernel call's share within a fraction of a microsecond. Kernels called back to
 * back (a network's layers) thus split their work without paying a wake-up each time; the price is at most
 * {@code SPIN_NANOS} of a core after the last call. Idle workers retire after a minute.
 */
public final class KernelPool implements Executor {
    /** How long an idle worker looks for work before it parks. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("resvec.pool.spinMicros", 100));
    private static final long RETIRE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String NAME_PREFIX = "resvec-kernel-";

    private static final class Holder {
        static final KernelPool POOL = new KernelPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private final int maxWorkers;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicInteger spinning = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();

    private KernelPool(int maxWorkers) {
        this.maxWorkers = maxWorkers;
    }

    /** @return the shared executor */
    public static Executor executor() {
        return Holder.POOL;
    }

    /** @return true when the current thread is one of this pool's workers (nested calls then run serially) */
    public static boolean isWorkerThread() {
        return Thread.currentThread().getName().startsWith(NAME_PREFIX);
    }

    @Override
    public void execute(Runnable task) {
        tasks.offer(task);
        if (spinning.get() > 0) {
            return; // a spinning worker will take it
        }
        Thread sleeper = parked.pollFirst();
        if (sleeper != null) {
            LockSupport.unpark(sleeper);
            return;
        }
        int n = workers.get();
        if (n < maxWorkers && workers.compareAndSet(n, n + 1)) {
            Thread t = new Thread(this::work, NAME_PREFIX + names.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
        // else: every worker is busy; the task waits in the queue, and ParallelRunner's caller claims its shares
    }

    private void work() {
        Thread self = Thread.currentThread();
        long idleSince = System.nanoTime();
        while (true) {
            Runnable task = tasks.poll();
            if (task == null) {
                spinning.incrementAndGet();
                long deadline = System.nanoTime() + SPIN_NANOS;
                while ((task = tasks.poll()) == null && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                spinning.decrementAndGet();
            }
            if (task != null) {
                runQuietly(task);
                idleSince = System.nanoTime();
                continue;
            }
            parked.addFirst(self);
            if (!tasks.isEmpty()) { // a task came between the last poll and the publication above
                parked.remove(self);
                continue;
            }
            LockSupport.parkNanos(this, RETIRE_NANOS);
            parked.remove(self);
            if (tasks.isEmpty() && System.nanoTime() - idleSince >= RETIRE_NANOS) {
                // A task offered just now may wait for the next worker: harmless, since ParallelRunner's caller
                // runs every share that no worker has claimed.
                workers.decrementAndGet();
                return;
            }
        }
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) { // ParallelRunner records its own failures; nothing else runs here
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
        }
    }
}
