package dev.resvec.kernels.internal.conv;

/**
 * Per-thread scratch of the Winograd path, grown on demand and kept: after the first call of a shape, a call
 * allocates nothing large. The transformed input and the GEMM results of a tile block ({@link #v}, {@link #m}) belong
 * to the calling thread, which lends them to the helper threads of its own call while it waits for them; the
 * small buffers are each thread's own.
 */
final class WinogradScratch {
    private static final ThreadLocal<WinogradScratch> MINE = ThreadLocal.withInitial(WinogradScratch::new);

    private float[] v = new float[0];
    private float[] m = new float[0];
    private float[] q = new float[0];
    private float[] o = new float[0];
    private float[] tmp = new float[0];
    private float[] row = new float[0];
    private float[] ap = new float[0];
    private float[] bp = new float[0];
    private float[] tile = new float[0];
    private float[] filter = new float[0];
    private float[] taps = new float[0];
    private float[] phases = new float[0];
    private float[] windows = new float[0];

    private WinogradScratch() {}

    /** @return this thread's scratch */
    static WinogradScratch get() {
        return MINE.get();
    }

    float[] v(int size) {
        return v.length >= size ? v : (v = new float[size]);
    }

    float[] m(int size) {
        return m.length >= size ? m : (m = new float[size]);
    }

    float[] q(int size) {
        return q.length >= size ? q : (q = new float[size]);
    }

    float[] o(int size) {
        return o.length >= size ? o : (o = new float[size]);
    }

    float[] tmp(int size) {
        return tmp.length >= size ? tmp : (tmp = new float[size]);
    }

    float[] row(int size) {
        return row.length >= size ? row : (row = new float[size]);
    }

    float[] ap(int size) {
        return ap.length >= size ? ap : (ap = new float[size]);
    }

    float[] bp(int size) {
        return bp.length >= size ? bp : (bp = new float[size]);
    }

    float[] tile(int size) {
        return tile.length >= size ? tile : (tile = new float[size]);
    }

    /** A padded input plane split into phases, for the stacked input transform. */
    float[] phases(int size) {
        return phases.length >= size ? phases : (phases = new float[size]);
    }

    /** The tiles' windows of one input channel, element by element, for the stacked input transform. */
    float[] windows(int size) {
        return windows.length >= size ? windows : (windows = new float[size]);
    }

    /** The filter taps gathered for a filter transform. */
    float[] taps(int size) {
        return taps.length >= size ? taps : (taps = new float[size]);
    }

    /** The transformed filters of a data-gradient call (transformed per call, kept for the next one). */
    float[] filter(int size) {
        return filter.length >= size ? filter : (filter = new float[size]);
    }
}
