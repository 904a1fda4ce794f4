package dev.resvec.kernels.vector;
import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import dev.resvec.kernels.*;
import jdk.incubator.vector.FloatVector;
import java.util.*;
/**
 * A 1×1 convolution as a GEMM whose right operand, the NCHW image, is read in place (rows HW floats apart; no
 * packing per call): A pre-packed in 8-row panels per depth block of KC, C accumulated per block, full 32-column
 * strips only (a probe: the last partial strip is skipped), against ResVec's prepared POINTWISE_GEMM on the same
 * values, alternated in one JVM. Compiled into the package dev.resvec.kernels.vector (it uses VectorConfig).
 * Usage: PointwiseInPlaceProbe C K SIDE KC
 */
public class PointwiseInPlaceProbe {
    static void st(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] c, int ci, int ldc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 8, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi), b1 = FloatVector.fromArray(F, b, bi + VL);
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 0]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71); }
        }
        c00.intoArray(c, ci + 0 * ldc + 0 * VL);
        c01.intoArray(c, ci + 0 * ldc + 1 * VL);
        c10.intoArray(c, ci + 1 * ldc + 0 * VL);
        c11.intoArray(c, ci + 1 * ldc + 1 * VL);
        c20.intoArray(c, ci + 2 * ldc + 0 * VL);
        c21.intoArray(c, ci + 2 * ldc + 1 * VL);
        c30.intoArray(c, ci + 3 * ldc + 0 * VL);
        c31.intoArray(c, ci + 3 * ldc + 1 * VL);
        c40.intoArray(c, ci + 4 * ldc + 0 * VL);
        c41.intoArray(c, ci + 4 * ldc + 1 * VL);
        c50.intoArray(c, ci + 5 * ldc + 0 * VL);
        c51.intoArray(c, ci + 5 * ldc + 1 * VL);
        c60.intoArray(c, ci + 6 * ldc + 0 * VL);
        c61.intoArray(c, ci + 6 * ldc + 1 * VL);
        c70.intoArray(c, ci + 7 * ldc + 0 * VL);
        c71.intoArray(c, ci + 7 * ldc + 1 * VL);
    }
    static void ac(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] c, int ci, int ldc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 8, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi), b1 = FloatVector.fromArray(F, b, bi + VL);
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 0]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61); }
            { FloatVector a = FloatVector.broadcast(F, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71); }
        }
        c00.add(FloatVector.fromArray(F, c, ci + 0 * ldc + 0 * VL)).intoArray(c, ci + 0 * ldc + 0 * VL);
        c01.add(FloatVector.fromArray(F, c, ci + 0 * ldc + 1 * VL)).intoArray(c, ci + 0 * ldc + 1 * VL);
        c10.add(FloatVector.fromArray(F, c, ci + 1 * ldc + 0 * VL)).intoArray(c, ci + 1 * ldc + 0 * VL);
        c11.add(FloatVector.fromArray(F, c, ci + 1 * ldc + 1 * VL)).intoArray(c, ci + 1 * ldc + 1 * VL);
        c20.add(FloatVector.fromArray(F, c, ci + 2 * ldc + 0 * VL)).intoArray(c, ci + 2 * ldc + 0 * VL);
        c21.add(FloatVector.fromArray(F, c, ci + 2 * ldc + 1 * VL)).intoArray(c, ci + 2 * ldc + 1 * VL);
        c30.add(FloatVector.fromArray(F, c, ci + 3 * ldc + 0 * VL)).intoArray(c, ci + 3 * ldc + 0 * VL);
        c31.add(FloatVector.fromArray(F, c, ci + 3 * ldc + 1 * VL)).intoArray(c, ci + 3 * ldc + 1 * VL);
        c40.add(FloatVector.fromArray(F, c, ci + 4 * ldc + 0 * VL)).intoArray(c, ci + 4 * ldc + 0 * VL);
        c41.add(FloatVector.fromArray(F, c, ci + 4 * ldc + 1 * VL)).intoArray(c, ci + 4 * ldc + 1 * VL);
        c50.add(FloatVector.fromArray(F, c, ci + 5 * ldc + 0 * VL)).intoArray(c, ci + 5 * ldc + 0 * VL);
        c51.add(FloatVector.fromArray(F, c, ci + 5 * ldc + 1 * VL)).intoArray(c, ci + 5 * ldc + 1 * VL);
        c60.add(FloatVector.fromArray(F, c, ci + 6 * ldc + 0 * VL)).intoArray(c, ci + 6 * ldc + 0 * VL);
        c61.add(FloatVector.fromArray(F, c, ci + 6 * ldc + 1 * VL)).intoArray(c, ci + 6 * ldc + 1 * VL);
        c70.add(FloatVector.fromArray(F, c, ci + 7 * ldc + 0 * VL)).intoArray(c, ci + 7 * ldc + 0 * VL);
        c71.add(FloatVector.fromArray(F, c, ci + 7 * ldc + 1 * VL)).intoArray(c, ci + 7 * ldc + 1 * VL);
    }
    static void conv(int m, int k, int n, int kc, float[] ap, float[] x, float[] y) {
        for (int pc = 0; pc < k; pc += kc) {
            int kk = Math.min(kc, k - pc);
            for (int jr = 0; jr + 2 * VL <= n; jr += 2 * VL)
                for (int ir = 0; ir < m; ir += 8) {
                    int ao = pc * m + ir * kk;      // block pc: m rows × kk, 8-row panels
                    if (pc == 0) st(kk, ap, ao, x, pc * n + jr, n, y, ir * n + jr, n);
                    else ac(kk, ap, ao, x, pc * n + jr, n, y, ir * n + jr, n);
                }
        }
    }
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), side = Integer.parseInt(a[2]), kc = Integer.parseInt(a[3]);
        int n = side * side, m = k, depth = c;
        Random r = new Random(3);
        float[] x = new float[c * n], w = new float[k * c], y = new float[k * n], y2 = new float[k * n];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - 0.5f;
        // pack A = w (m × depth) per kc block into 8-row panels: block pc at pc*m, panel ir at + ir*kk, [p][8]
        float[] ap = new float[m * depth];
        for (int pc = 0; pc < depth; pc += kc) { int kk = Math.min(kc, depth - pc);
            for (int ir = 0; ir < m; ir += 8) for (int p = 0; p < kk; p++) for (int q = 0; q < 8; q++)
                ap[pc * m + ir * kk + p * 8 + q] = w[(ir + q) * depth + pc + p]; }
        ConvShape s = new ConvShape(1, c, side, side, k, 1, 1, 1, 1, 0, 0, 1, 1, 1);
        PreparedConvolution prep = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, w, 0);
        Parallelism one = Parallelism.threads(1);
        List<Double> ra = new ArrayList<>(), rb = new ArrayList<>(), ratio = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            double ta = time(() -> prep.forward(1, x, 0, y, 0, ConvEpilogue.none(), one));
            double tb = time(() -> conv(m, depth, n, kc, ap, x, y2));
            if (round >= 3) { ra.add(ta); rb.add(tb); ratio.add(ta / tb); }
        }
        double err = 0; for (int i = 0; i < n / 32 * 32; i++) for (int q = 0; q < k; q += 17) err = Math.max(err, Math.abs(y[q * n + i] - y2[q * n + i]));
        Collections.sort(ra); Collections.sort(rb); Collections.sort(ratio);
        System.out.printf(Locale.ROOT, "%d->%d @%dx%d kc=%d: ResVec %.3f ms, unpacked-B %.3f ms, ResVec/unpacked %.3f (%.3f-%.3f), max diff %.1e%n",
            c, k, side, side, kc, ra.get(ra.size()/2), rb.get(rb.size()/2), ratio.get(ratio.size()/2), ratio.get(0), ratio.get(ratio.size()-1), err);
    }
    static double time(Runnable run) { List<Double> t = new ArrayList<>(); long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) { long s0 = System.nanoTime(); run.run(); t.add((System.nanoTime() - s0) / 1e6); }
        Collections.sort(t); return t.get(t.size() / 2); }
}
