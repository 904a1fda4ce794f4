package dev.resvec.nn.predict;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Where a call gets its {@link Arena}: a platform thread keeps its own (a {@link ThreadLocal}), so a thread pool
 * serving requests reuses the same buffers call after call; a virtual thread, usually created for one request and
 * then gone, borrows one from a shared stack and gives it back, so a service with a virtual thread per request
 * also reuses buffers instead of allocating a new arena for every call. The shared stack holds as many arenas as
 * virtual threads have run calls at once.
 */
final class ArenaPool {
    private final Plan plan;
    private final ThreadLocal<Arena> perThread;
    private final ConcurrentLinkedDeque<Arena> shared = new ConcurrentLinkedDeque<>();

    ArenaPool(Plan plan) {
        this.plan = plan;
        this.perThread = ThreadLocal.withInitial(() -> new Arena(plan));
    }

    /** @return an arena that only the calling thread uses until {@link #release} */
    Arena acquire() {
        if (!Thread.currentThread().isVirtual()) {
            return perThread.get();
        }
        Arena a = shared.pollFirst(); // most recently used first: its buffers are the likeliest to be in cache
        return a != null ? a : new Arena(plan);
    }

    /** Ends the call's use of {@code arena}. */
    void release(Arena arena) {
        if (Thread.currentThread().isVirtual()) {
            shared.offerFirst(arena);
        }
    }

    /** Drops the calling platform thread's arena, or the shared arenas when called from a virtual thread. */
    void clear() {
        if (Thread.currentThread().isVirtual()) {
            shared.clear();
        } else {
            perThread.remove();
        }
    }

    /** @return the number of arenas waiting in the shared stack (for tests) */
    int sharedCount() {
        return shared.size();
    }
}
