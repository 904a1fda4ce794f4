import jdk.incubator.vector.*;
import java.util.*;
/** The Winograd row split for 64 channels of a 56x56 plane (F(4x4): 58 rows of 15 phase columns per channel), the
 * old way (scalar edge columns, half-vector steps with whole stores) and the new (masked loads, whole steps), in
 * separate methods, alternated in one JVM. */
public final class SplitBench {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16, HALF = 8;
    static final FloatVector EVEN = idx(i -> 2 * i), ODD = idx(i -> 2 * i + 1);
    static FloatVector idx(java.util.function.IntUnaryOperator f) { float[] a = new float[VL]; for (int i = 0; i < VL; i++) a[i] = f.applyAsInt(i); return FloatVector.fromArray(F, a, 0); }
    static void splitRange(float[] in, int src, int width, int padLeft, int m, int j0, int j1, int qw, float[] q, int base) {
        for (int j = j0; j < j1; j++) for (int phase = 0; phase < m; phase++) { int x = m * j + phase - padLeft; q[base + phase * qw + j] = x >= 0 && x < width ? in[src + m * j + phase] : 0f; }
    }
    static void oldSplit(float[] in, int plane, int height, int width, int padLeft, int yLo, int rows, int qw, int jNeed, float[] q) {
        int m = 4, rowStride = m * qw;
        int jLo = Math.min(jNeed, Math.max(0, Math.floorDiv(padLeft + m - 1, m)));
        int jHi = Math.max(jLo, Math.min(jNeed, Math.floorDiv(width + padLeft, m)));
        for (int r = 0; r < rows; r++) {
            int y = yLo + r, base = r * rowStride;
            if (y < 0 || y >= height) { for (int p = 0; p < m; p++) Arrays.fill(q, base + p * qw, base + p * qw + jNeed, 0f); continue; }
            int src = plane + y * width - padLeft;
            splitRange(in, src, width, padLeft, m, 0, jLo, qw, q, base);
            for (int j = jLo; ; j += HALF) {
                int jj = Math.min(j, jHi - HALF);
                int s = src + m * jj, dst = base + jj;
                FloatVector a0 = FloatVector.fromArray(F, in, s), a1 = FloatVector.fromArray(F, in, s + VL);
                FloatVector e = EVEN.selectFrom(a0, a1), o = ODD.selectFrom(a0, a1);
                EVEN.selectFrom(e, e).intoArray(q, dst);
                EVEN.selectFrom(o, o).intoArray(q, dst + qw);
                ODD.selectFrom(e, e).intoArray(q, dst + 2 * qw);
                ODD.selectFrom(o, o).intoArray(q, dst + 3 * qw);
                if (jj == jHi - HALF) break;
            }
            splitRange(in, src, width, padLeft, m, jHi, jNeed, qw, q, base);
        }
    }
    static void newSplit(float[] in, int plane, int height, int width, int padLeft, int yLo, int rows, int qw, int jNeed, float[] q) {
        int m = 4, rowStride = m * qw, last = Math.max(0, jNeed - VL);
        for (int r = 0; r < rows; r++) {
            int y = yLo + r, base = r * rowStride;
            if (y < 0 || y >= height) { for (int p = 0; p < m; p++) Arrays.fill(q, base + p * qw, base + p * qw + jNeed, 0f); continue; }
            int src = plane + y * width - padLeft;
            for (int j = 0; ; j += VL) {
                int jj = Math.min(j, last), x0 = m * jj - padLeft;
                FloatVector a0 = FloatVector.fromArray(F, in, src + 4 * jj, F.indexInRange(x0, width));
                FloatVector a1 = FloatVector.fromArray(F, in, src + 4 * jj + VL, F.indexInRange(x0 + VL, width));
                FloatVector a2 = FloatVector.fromArray(F, in, src + 4 * jj + 2 * VL, F.indexInRange(x0 + 2 * VL, width));
                FloatVector a3 = FloatVector.fromArray(F, in, src + 4 * jj + 3 * VL, F.indexInRange(x0 + 3 * VL, width));
                FloatVector e01 = EVEN.selectFrom(a0, a1), o01 = ODD.selectFrom(a0, a1), e23 = EVEN.selectFrom(a2, a3), o23 = ODD.selectFrom(a2, a3);
                int dst = base + jj;
                EVEN.selectFrom(e01, e23).intoArray(q, dst);
                EVEN.selectFrom(o01, o23).intoArray(q, dst + qw);
                ODD.selectFrom(e01, e23).intoArray(q, dst + 2 * qw);
                ODD.selectFrom(o01, o23).intoArray(q, dst + 3 * qw);
                if (jj == last) break;
            }
        }
    }
    static final float[] ROW = new float[256];
    /** The row copied between zero borders (never written: the same width every row), then whole deinterleaves. */
    static void padSplit(float[] in, int plane, int height, int width, int padLeft, int yLo, int rows, int qw, int jNeed, float[] q) {
        int m = 4, rowStride = m * qw, last = Math.max(0, jNeed - VL);
        float[] row = ROW;
        int base0 = VL;   // row[base0 + x] = column x; row[base0 - padLeft ..] starts the padded row
        for (int r = 0; r < rows; r++) {
            int y = yLo + r, base = r * rowStride;
            if (y < 0 || y >= height) { for (int p = 0; p < m; p++) Arrays.fill(q, base + p * qw, base + p * qw + jNeed, 0f); continue; }
            int src = plane + y * width;
            int x = 0;
            for (; x + VL <= width; x += VL) FloatVector.fromArray(F, in, src + x).intoArray(row, base0 + x);
            for (; x < width; x++) row[base0 + x] = in[src + x];
            int from = base0 - padLeft;
            for (int j = 0; ; j += VL) {
                int jj = Math.min(j, last), s0 = from + 4 * jj;
                FloatVector a0 = FloatVector.fromArray(F, row, s0), a1 = FloatVector.fromArray(F, row, s0 + VL), a2 = FloatVector.fromArray(F, row, s0 + 2 * VL), a3 = FloatVector.fromArray(F, row, s0 + 3 * VL);
                FloatVector e01 = EVEN.selectFrom(a0, a1), o01 = ODD.selectFrom(a0, a1), e23 = EVEN.selectFrom(a2, a3), o23 = ODD.selectFrom(a2, a3);
                int dst = base + jj;
                EVEN.selectFrom(e01, e23).intoArray(q, dst);
                EVEN.selectFrom(o01, o23).intoArray(q, dst + qw);
                ODD.selectFrom(e01, e23).intoArray(q, dst + 2 * qw);
                ODD.selectFrom(o01, o23).intoArray(q, dst + 3 * qw);
                if (jj == last) break;
            }
        }
    }
    static double runPad(float[] in, float[] q, int ch) { long t = System.nanoTime(); for (int c = 0; c < ch; c++) padSplit(in, c * 3136, 56, 56, 1, -1, 58, 31, 15, q); return (System.nanoTime() - t) / 1e3; }
    static double runOld(float[] in, float[] q, int ch) { long t = System.nanoTime(); for (int c = 0; c < ch; c++) oldSplit(in, c * 3136, 56, 56, 1, -1, 58, 31, 15, q); return (System.nanoTime() - t) / 1e3; }
    static double runNew(float[] in, float[] q, int ch) { long t = System.nanoTime(); for (int c = 0; c < ch; c++) newSplit(in, c * 3136, 56, 56, 1, -1, 58, 31, 15, q); return (System.nanoTime() - t) / 1e3; }
    public static void main(String[] a) {
        int ch = 64; float[] in = new float[ch * 3136 + 64]; Random r = new Random(1); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
        float[] q1 = new float[58 * 4 * 31 + 64], q2 = new float[58 * 4 * 31 + 64];
        float[] q3 = new float[q1.length]; for (int i = 0; i < 20000; i++) { runOld(in, q1, 2); runNew(in, q2, 2); runPad(in, q3, 2); }
        oldSplit(in, 0, 56, 56, 1, -1, 58, 31, 15, q1); newSplit(in, 0, 56, 56, 1, -1, 58, 31, 15, q2);
        padSplit(in, 0, 56, 56, 1, -1, 58, 31, 15, q3); boolean same = true; for (int row = 0; row < 58 * 4; row++) for (int j = 0; j < 15; j++) if (q1[row * 31 + j] != q2[row * 31 + j] || q1[row * 31 + j] != q3[row * 31 + j]) same = false;
        StringBuilder sb = new StringBuilder("same: " + same + "; µs per 64 channels old/masked/padded:");
        for (int round = 0; round < 7; round++) {
            double[] o = new double[301], n = new double[301], pd = new double[301];
            for (int i = 0; i < 301; i++) { o[i] = runOld(in, q1, ch); n[i] = runNew(in, q2, ch); pd[i] = runPad(in, q3, ch); }
            Arrays.sort(o); Arrays.sort(n); Arrays.sort(pd); sb.append(String.format(" %.1f/%.1f/%.1f", o[150], n[150], pd[150]));
        }
        System.out.println(sb);
    }
}
