package dev.resvec.core;

/**
 * A scope in which operations record no graph, for the current thread only:
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.enter()) {
 *     Tensor y = model(x);          // no graph, nothing saved for backward
 * }
 * }</pre>
 * Scopes nest; other threads are not affected (the state is thread-local, not a global flag). Close a scope on
 * the thread that entered it, in the reverse order of entering (try-with-resources does both).
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int[] depth;
    private final int level;
    private boolean closed;

    private NoGrad(int[] depth) {
        this.depth = depth;
        this.level = ++depth[0];
    }

    /** @return a scope, open until {@link #close()}, in which this thread records no graph */
    public static NoGrad enter() {
        return new NoGrad(DEPTH.get());
    }

    /** @return true when the current thread is inside a {@code NoGrad} scope */
    public static boolean isActive() {
        return DEPTH.get()[0] > 0;
    }

    /** Ends the scope; closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (DEPTH.get() != depth || depth[0] != level) {
            throw new IllegalStateException("NoGrad scopes must be closed on the thread that entered them, innermost"
                    + " first (use try-with-resources)");
        }
        closed = true;
        depth[0]--;
    }
}
