package dev.resvec.kernels.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The library's own pool of daemon worker threads; created on first use, idle threads retire after a minute. */
public final class KernelPool {
    private KernelPool() {}

    private static final class Holder {
        static final ThreadPoolExecutor POOL = create();

        private static ThreadPoolExecutor create() {
            AtomicInteger counter = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "resvec-kernel-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            // Grows to whatever concurrency callers ask for (threads are cheap to keep and callers cap them);
            // a SynchronousQueue hands each share straight to a free or new thread.
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
        }
    }

    /** @return the shared executor */
    public static Executor executor() {
        return Holder.POOL;
    }

    /** @return true when the current thread is one of this pool's workers (nested calls then run serially) */
    public static boolean isWorkerThread() {
        return Thread.currentThread().getName().startsWith("resvec-kernel-");
    }
}
