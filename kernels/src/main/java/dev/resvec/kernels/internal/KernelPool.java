package dev.resvec.kernels.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The library's own pool of daemon worker threads ({@code resvec-kernel-N}), started on first use: by default one
 * fewer than the processors (the caller of a parallel kernel runs a share too), at least one;
 * {@code -Dresvec.pool.workers=N} sets another count (1 to {@value #MAX_WORKERS}).
 *
 * <p><b>Hand-off.</b> Each worker has a one-entry mailbox. {@link ParallelRunner} posts a job straight into the
 * mailbox of each worker it wants, with one compare-and-set: no queue, no allocation, nothing shared between
 * workers. A worker that runs out of work spins on its own mailbox for {@link #spinNanos()} before it parks, as
 * OpenMP runtimes do, so kernels called back to back (a network's layers) reach a spinning worker within a
 * cache-line transfer (about 60 ns between the two vCPUs of the machine this was tuned on) instead of a wake-up
 * (5-50 µs, more in a virtual machine). The price is at most {@code spinNanos()} of one core after the last call.
 * Workers never outnumber the other processors, so a spinning worker does not take a core from a caller.
 *
 * <p>A worker empties its mailbox when it starts the job in it, so the next job can be posted while it finishes
 * the last one: a caller that returns from one parallel call and starts the next does not find the worker "busy"
 * for the few nanoseconds it takes to notice that the first call has no shares left.
 *
 * <p>As a plain {@link Executor} ({@link #execute}), the pool hands a task to an idle worker, or queues it for the
 * next worker that runs out of work. Idle workers retire after a minute; the next post starts a new one.
 */
public final class KernelPool implements Executor {
    /** The property that sets the number of workers. */
    static final String WORKERS = "resvec.pool.workers";
    /** The property that sets how long an idle worker spins, in microseconds. */
    static final String SPIN_MICROS = "resvec.pool.spinMicros";
    /** The most workers {@code -Dresvec.pool.workers} may ask for. */
    static final int MAX_WORKERS = 4096;
    /** The longest spin {@code -Dresvec.pool.spinMicros} may ask for: one second (longer only burns a core). */
    static final long MAX_SPIN_MICROS = 1_000_000;
    private static final long RETIRE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Spins between two reads of the clock (a read costs about as much as 1-2 spins). */
    private static final int SPINS_PER_CLOCK_READ = 64;
    /** The mailbox of a worker that has retired (its thread has ended or is ending). */
    private static final Runnable RETIRED = () -> { };
    private static final VarHandle MAILBOX;

    static {
        try {
            MAILBOX = MethodHandles.lookup().findVarHandle(Worker.class, "mailbox", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The settings are read once, in holders that keep a malformed value's error (Settled): every call then fails
    // with the same IllegalStateException naming the property, not with a NoClassDefFoundError from the second on.
    private static final class Spin {
        static final Settled<Long> NANOS = Settled.of(() -> spinNanos(System::getProperty));
    }

    private static final class Holder {
        static final Settled<KernelPool> POOL = Settled.of(() -> new KernelPool("resvec-kernel-",
                workers(System::getProperty, Runtime.getRuntime().availableProcessors()), spinNanos(), RETIRE_NANOS));
    }

    private final String namePrefix;
    private final long spinNanos;
    private final long retireNanos;
    private final AtomicReferenceArray<Worker> workers;
    private final AtomicInteger names = new AtomicInteger();
    /** Tasks given to {@link #execute} while every worker had a job waiting in its mailbox. */
    private final ConcurrentLinkedQueue<Runnable> overflow = new ConcurrentLinkedQueue<>();

    /**
     * @param namePrefix  the workers' thread names, followed by a number
     * @param workers     the most workers alive at once, 1 or more
     * @param spinNanos   how long an idle worker spins before it parks
     * @param retireNanos how long a worker stays idle before it ends
     */
    KernelPool(String namePrefix, int workers, long spinNanos, long retireNanos) {
        if (workers < 1 || spinNanos < 0 || retireNanos <= 0) {
            throw new IllegalArgumentException("KernelPool: need workers >= 1, spinNanos >= 0, retireNanos > 0, got "
                    + workers + ", " + spinNanos + ", " + retireNanos);
        }
        this.namePrefix = namePrefix;
        this.spinNanos = spinNanos;
        this.retireNanos = retireNanos;
        this.workers = new AtomicReferenceArray<>(workers);
    }

    /**
     * @param properties the system properties (a map in tests)
     * @param processors the processors of this JVM
     * @return the pool's size: {@code -Dresvec.pool.workers}, else one fewer than the processors, at least 1
     * @throws IllegalStateException when the property is not an integer from 1 to {@value #MAX_WORKERS}
     */
    static int workers(UnaryOperator<String> properties, int processors) {
        return TuningProperty.readInt(properties, WORKERS, Math.max(1, processors - 1), 1, MAX_WORKERS);
    }

    /**
     * @param properties the system properties (a map in tests)
     * @return how long an idle worker spins before it parks: {@code -Dresvec.pool.spinMicros}, else 100 µs
     * @throws IllegalStateException when the property is not an integer from 0 to {@value #MAX_SPIN_MICROS}
     */
    static long spinNanos(UnaryOperator<String> properties) {
        return TimeUnit.MICROSECONDS.toNanos(TuningProperty.readLong(properties, SPIN_MICROS, 100, 0,
                MAX_SPIN_MICROS));
    }

    /**
     * @return how long an idle worker (and a caller waiting for the last share, {@link ParallelRunner}) spins
     *         before it parks, read once
     * @throws IllegalStateException on every call when {@code -Dresvec.pool.spinMicros} is malformed
     */
    static long spinNanos() {
        return Spin.NANOS.get();
    }

    /**
     * @return the shared pool
     * @throws IllegalStateException on every call when {@code -Dresvec.pool.workers} or
     *                               {@code -Dresvec.pool.spinMicros} is malformed
     */
    public static KernelPool executor() {
        return Holder.POOL.get();
    }

    /** @return the most workers this pool runs at once */
    public int workerCount() {
        return workers.length();
    }

    /** @return true when the current thread is a worker of a kernel pool (nested calls then run serially) */
    public static boolean isWorkerThread() {
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Posts {@code task} to up to {@code helpers} workers whose mailbox is empty, preferring workers that are not
     * running anything; starts workers that do not exist yet or have retired. A task posted to a worker that is
     * still finishing another runs when that one ends, so {@code task} must tolerate running late or more than once
     * ({@link ParallelRunner}'s jobs claim their shares, so a late or second run finds nothing left to do).
     *
     * @return how many workers it was posted to (0 when all are occupied)
     */
    int post(Runnable task, int helpers) {
        int posted = 0;
        for (int pass = 0; pass < 2 && posted < helpers; pass++) {
            boolean takeBusy = pass == 1;
            for (int i = 0; i < workers.length() && posted < helpers; i++) {
                Worker w = workers.get(i);
                if (w == null || w.mailbox == RETIRED) {
                    if (!takeBusy && start(i, w, task)) {
                        posted++;
                    }
                } else if ((takeBusy || !w.busy) && w.mailbox == null && MAILBOX.compareAndSet(w, null, task)) {
                    if (w.sleeping) { // read after the post: the worker either sees the job or is seen asleep
                        LockSupport.unpark(w);
                    }
                    posted++;
                }
            }
        }
        return posted;
    }

    /** Starts a worker in slot i (empty or retired) with {@code first} in its mailbox; false if another did. */
    private boolean start(int i, Worker old, Runnable first) {
        Worker fresh = new Worker(this, namePrefix + names.incrementAndGet(), first);
        if (!workers.compareAndSet(i, old, fresh)) {
            return false;
        }
        fresh.start();
        return true;
    }

    @Override
    public void execute(Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        if (post(task, 1) == 1) {
            return;
        }
        overflow.offer(task);
        VarHandle.fullFence(); // the queued task, then the workers' state: pairs with the fence in work()
        wakeOneFor();
    }

    /** Makes sure some worker will look at the overflow queue: wakes a sleeping one, or starts one. */
    private void wakeOneFor() {
        for (int i = 0; i < workers.length(); i++) {
            Worker w = workers.get(i);
            if (w == null || w.mailbox == RETIRED) {
                if (start(i, w, null)) {
                    return;
                }
            } else if (w.sleeping) {
                LockSupport.unpark(w);
                return;
            }
        }
        // every worker is awake: each looks at the queue when its current task ends
    }

    private void work(Worker self) {
        long idleSince = System.nanoTime();
        int spins = 0;
        while (true) {
            Runnable task = self.mailbox;
            if (task == null) {
                task = overflow.poll();
            } else {
                self.mailbox = null; // free for the next post while this one runs
            }
            if (task != null) {
                self.busy = true;
                runQuietly(task);
                self.busy = false;
                spins = 0;
                idleSince = System.nanoTime();
                continue;
            }
            if (++spins < SPINS_PER_CLOCK_READ) {
                Thread.onSpinWait();
                continue;
            }
            spins = 0;
            if (System.nanoTime() - idleSince < spinNanos) {
                Thread.onSpinWait();
                continue;
            }
            self.sleeping = true;
            VarHandle.fullFence(); // asleep, then the mailbox and queue: pairs with post() and execute()
            if (self.mailbox == null && overflow.isEmpty()) {
                LockSupport.parkNanos(this, retireNanos);
            }
            self.sleeping = false;
            Thread.interrupted(); // a stray interrupt must not turn parking into spinning
            if (System.nanoTime() - idleSince >= retireNanos && overflow.isEmpty()
                    && MAILBOX.compareAndSet(self, null, RETIRED)) {
                if (!overflow.isEmpty()) {
                    wakeOneFor(); // a task was queued while this worker retired: start its successor
                }
                return;
            }
        }
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) { // ParallelRunner records its own failures; a plain execute()'s task reports here
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
        }
    }

    /** A worker thread; its fields are read and written by posting threads, hence volatile. */
    private static final class Worker extends Thread {
        private final KernelPool pool;
        /** The next task, {@code null} when none is waiting, {@link #RETIRED} once the worker has ended. */
        volatile Runnable mailbox;
        /** True while the worker runs a task. */
        volatile boolean busy;
        /** True while the worker is parked or about to park: a poster must unpark it. */
        volatile boolean sleeping;

        Worker(KernelPool pool, String name, Runnable first) {
            super(name);
            this.pool = pool;
            this.mailbox = first;
            setDaemon(true);
        }

        @Override
        public void run() {
            pool.work(this);
        }
    }
}
