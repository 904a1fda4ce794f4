package dev.resvec.kernels.internal.conv;

/**
 * Per-thread scratch for the column matrices of the GEMM convolutions, so that steady-state calls allocate nothing
 * large: each thread keeps one growable {@code float[]} and reuses it from call to call.
 *
 * <p>Safe because a buffer is only ever used by the thread that took it, for the duration of one image's work: the
 * GEMM worker threads that a call hands work to read the columns but never take this thread's buffer, and a
 * convolution does not call another convolution while it holds its buffer (no reentrancy). The buffer only grows
 * (to the largest column matrix this thread has seen); a thread's buffer is freed with the thread.
 */
final class ConvScratch {
    private static final ThreadLocal<float[][]> BUFFER =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

    private ConvScratch() {}

    /**
     * @param size the floats needed
     * @return this thread's buffer, at least {@code size} long (contents undefined)
     */
    static float[] floats(int size) {
        return slot(0, size);
    }

    /**
     * A second buffer, distinct from {@link #floats}: one padded image plane while the image is prepared into
     * the first ({@link PhaseImage}).
     */
    static float[] plane(int size) {
        return slot(1, size);
    }

    /**
     * A third buffer, distinct from both: filters packed once for all of a call's GEMMs, which the call's other
     * threads read while this thread's first buffer holds its columns.
     */
    static float[] filters(int size) {
        return slot(2, size);
    }

    private static float[] slot(int slot, int size) {
        float[][] holder = BUFFER.get();
        if (holder[slot].length < size) {
            holder[slot] = new float[size];
        }
        return holder[slot];
    }
}
