package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.conv.ColumnGather;
import dev.resvec.kernels.internal.conv.ColumnIndex;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The im2col strips on the Vector API. A vector of VL consecutive output positions inside one output row reads VL
 * consecutive floats of the prepared image for every tap ({@link ColumnIndex}): one load per tap. A vector that
 * crosses output rows is 2–4 runs; each run is a masked load at its own offset, stored through its mask. The runs
 * depend on the positions only, so they are worked out once per vector and reused for all kc taps.
 *
 * <p>(A masked gather per tap, {@code fromArray} with an index map, took 2.4 ns per float here — Zen 5 — against
 * about 0.1 ns for these loads; the gather also checks the indices of masked-off lanes.)
 */
public final class VectorColumnGather implements ColumnGather {
    /** −0 in every lane: adding it leaves a float as it is. */
    private static final FloatVector NEGATIVE_ZERO = FloatVector.broadcast(F, -0f);
    /** Every lane: the first run of a whole-vector strip stores them all. */
    private static final VectorMask<Float> ALL = F.maskAll(true);
    /** Most runs one vector can cross: one per output row it touches. */
    private static final int MAX_RUNS = VL + 1;

    private VectorColumnGather() {}

    /** @return the vector strips at {@link VectorConfig#F}'s width */
    public static ColumnGather create() {
        return new VectorColumnGather();
    }

    @Override
    public void splitPairs(float[] src, int at, int count, float[] dst, int dOff, int phaseLen) {
        VectorWinogradKernels.splitSpan(src, at, 2, count, dst, dOff, phaseLen);
    }

    /**
     * A vector of outputs is the even lanes of two loads ({@link TwoVectorIndex#EVEN}), stored whole: a row shorter
     * than a vector, or its last part, spills into the next rows' places, which their own stores then overwrite, so
     * rows of 7, 14 or 16 outputs (ResNet's stride-2 projections; the scalar loop read them element by element) run
     * on vectors too. The rows whose store would pass {@code dOff + rows·count}, or whose loads would pass the end of
     * {@code src}, take the scalar loop.
     */
    @Override
    public void evenColumns(float[] src, int at, int rowStride, int rows, int count, float[] dst, int dOff) {
        int lastChunk = (count - 1) / VL * VL, end = dOff + rows * count, y = 0;
        for (; y < rows; y++) {
            int s = at + y * rowStride, d = dOff + y * count;
            if (d + lastChunk + VL > end || s + 2 * lastChunk + 2 * VL > src.length) {
                break;   // so are all the rows after it
            }
            for (int i = 0; i < count; i += VL) {
                TwoVectorIndex.EVEN.selectFrom(FloatVector.fromArray(F, src, s + 2 * i),
                        FloatVector.fromArray(F, src, s + 2 * i + VL)).intoArray(dst, d + i);
            }
        }
        ColumnGather.super.evenColumns(src, at + y * rowStride, rowStride, rows - y, count, dst, dOff + y * count);
    }

    /**
     * A vector of the row's floats is spread onto the even lanes of two vectors ({@link TwoVectorIndex#SPREAD_LOW},
     * {@link TwoVectorIndex#SPREAD_HIGH}), the odd lanes and the lanes past n holding −0, which leaves every float as
     * it is (−0 + −0 = −0, +0 + −0 = +0), and both are added to the two vectors of y they cover: each y element
     * gets at most one real addition, as in the scalar loop, so the bits are the same. Why: CIFAR's stride-2 layers
     * have output rows of 16 and 8 floats, and their data gradient scattered every column entry on its own. Rows
     * shorter than a vector, and the vectors whose window would reach {@code yEnd}, take the scalar loop: at 8
     * floats a row (CIFAR's 32→64 at 16×16) the overlapping windows of consecutive taps made the data gradient
     * slower, 2.23–2.26 → 2.73–2.80 ms.
     */
    @Override
    public void addToEvenColumns(int n, float[] x, int xOff, float[] y, int yOff, int yEnd) {
        int i = 0;
        for (; n >= VL && i < n && yOff + 2 * i + 2 * VL <= yEnd; i += VL) {
            int t = yOff + 2 * i;
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(F, x, xOff + i, m).blend(NEGATIVE_ZERO, m.not());
            FloatVector.fromArray(F, y, t).add(TwoVectorIndex.SPREAD_LOW.selectFrom(v, NEGATIVE_ZERO))
                    .intoArray(y, t);
            FloatVector.fromArray(F, y, t + VL).add(TwoVectorIndex.SPREAD_HIGH.selectFrom(v, NEGATIVE_ZERO))
                    .intoArray(y, t + VL);
        }
        ColumnGather.super.addToEvenColumns(Math.max(0, n - i), x, xOff + i, y, yOff + 2 * i, yEnd);   // the rest
    }

    @Override
    public void packRight(ColumnIndex g, float[] prepared, int base, int pc, int kc, int jc, int nc, int nr,
                          float[] bp, int off) {
        if (nr < VL) {
            packNarrow(g, prepared, base, pc, kc, jc, nc, nr, bp, off);
            return;
        }
        int ow = g.outWidth;
        int[] runOffset = null;
        long[] runMask = null;
        for (int s0 = 0; s0 < nc; s0 += nr) {
            int cols = Math.min(nr, nc - s0);
            for (int q = 0; q < nr; q += VL) {
                int j = jc + s0 + q, dst = off + s0 * kc + q;
                int lanes = Math.min(VL, cols - q);
                if (lanes <= 0) {
                    for (int p = 0; p < kc; p++) {
                        FloatVector.zero(F).intoArray(bp, dst + p * nr);
                    }
                } else if (lanes == VL && j % ow + VL <= ow) {
                    int at = base + g.pixelOffset[j];
                    for (int p = 0, t = pc; p < kc; p++, t++) {
                        FloatVector.fromArray(F, prepared, g.tapOffset[t] + at).intoArray(bp, dst + p * nr);
                    }
                } else {
                    if (runOffset == null) {
                        runOffset = new int[MAX_RUNS];
                        runMask = new long[MAX_RUNS];
                    }
                    int runs = runs(g, j, lanes, runOffset, runMask);
                    for (int p = 0, t = pc; p < kc; p++, t++) {
                        storeRuns(prepared, base + g.tapOffset[t], runs, runOffset, runMask, bp, dst + p * nr, ALL);
                    }
                }
            }
        }
    }

    /**
     * Strips narrower than a vector (the swapped GEMM's MR-row panels): per strip, the output positions' runs are
     * worked out once, and per tap they are loaded masked and stored, the first through a mask of nr lanes and the
     * others through their own, so a store never reaches the next tap's row. Lanes past nc are the zeros the first
     * masked load leaves.
     */
    private static void packNarrow(ColumnIndex g, float[] prepared, int base, int pc, int kc, int jc, int nc, int nr,
                                   float[] bp, int off) {
        VectorMask<Float> strip = F.indexInRange(0, nr);
        int[] runOffset = new int[MAX_RUNS];
        long[] runMask = new long[MAX_RUNS];
        for (int s0 = 0; s0 < nc; s0 += nr) {
            int dst = off + s0 * kc;
            int runs = runs(g, jc + s0, Math.min(nr, nc - s0), runOffset, runMask);
            if (runs == 1) {
                VectorMask<Float> m = VectorMask.fromLong(F, runMask[0]);
                for (int p = 0, t = pc; p < kc; p++, t++) {
                    FloatVector.fromArray(F, prepared, base + g.tapOffset[t] + runOffset[0], m)
                            .intoArray(bp, dst + p * nr, strip);
                }
                continue;
            }
            if (runs == 2) {   // a strip across one output row's end (7-wide rows: most strips): masks hoisted
                VectorMask<Float> m0 = VectorMask.fromLong(F, runMask[0]), m1 = VectorMask.fromLong(F, runMask[1]);
                int o0 = runOffset[0], o1 = runOffset[1];
                for (int p = 0, t = pc; p < kc; p++, t++) {
                    int tap = base + g.tapOffset[t];
                    FloatVector.fromArray(F, prepared, tap + o0, m0).intoArray(bp, dst + p * nr, strip);
                    FloatVector.fromArray(F, prepared, tap + o1, m1).intoArray(bp, dst + p * nr, m1);
                }
                continue;
            }
            for (int p = 0, t = pc; p < kc; p++, t++) {
                storeRuns(prepared, base + g.tapOffset[t], runs, runOffset, runMask, bp, dst + p * nr, strip);
            }
        }
    }

    /**
     * Splits the {@code lanes} output positions from j into runs within one output row each: run r is read by a
     * load at {@code runOffset[r]} (lane l of it at offset + l) through the lanes of {@code runMask[r]}.
     *
     * @return the number of runs
     */
    private static int runs(ColumnIndex g, int j, int lanes, int[] runOffset, long[] runMask) {
        int ow = g.outWidth, runs = 0;
        for (int lane = 0; lane < lanes; ) {
            int len = Math.min(lanes - lane, ow - (j + lane) % ow);
            runOffset[runs] = g.pixelOffset[j + lane] - lane;
            runMask[runs] = ((1L << len) - 1) << lane;
            runs++;
            lane += len;
        }
        return runs;
    }

    /**
     * Stores one tap's values at the positions of {@link #runs} at {@code bp[d]}: the first run's masked load through
     * {@code first} (the lanes it does not cover get the zeros the load left there), each later run's through its
     * own mask. Not a blend of the loads: in some JVMs (about one in three 2-thread ResNet-50 runs, 2026-12-04) C2
     * left {@code blend} here to its Java fallback, and a 3×3/2 128@56×56 layer took 12 ms instead of 1.1.
     */
    private static void storeRuns(float[] prepared, int tap, int runs, int[] runOffset, long[] runMask, float[] bp,
                                  int d, VectorMask<Float> first) {
        VectorMask<Float> m = VectorMask.fromLong(F, runMask[0]);
        FloatVector.fromArray(F, prepared, tap + runOffset[0], m).intoArray(bp, d, first);
        for (int r = 1; r < runs; r++) {
            m = VectorMask.fromLong(F, runMask[r]);
            FloatVector.fromArray(F, prepared, tap + runOffset[r], m).intoArray(bp, d, m);
        }
    }
}
