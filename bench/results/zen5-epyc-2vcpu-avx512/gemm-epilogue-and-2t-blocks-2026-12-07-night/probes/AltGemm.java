import dev.resvec.kernels.*;
import java.lang.reflect.Field;
import java.util.*;
/** Plain sgemm with a static long field at A or B, alternated in one JVM. Args: class.FIELD A B threads MxKxN ... */
public final class AltGemm {
    public static void main(String[] a) throws Exception {
        int dot = a[0].lastIndexOf('.');
        Field f = Class.forName(a[0].substring(0, dot)).getDeclaredField(a[0].substring(dot + 1)); f.setAccessible(true);
        long va = Long.parseLong(a[1]), vb = Long.parseLong(a[2]); int t = Integer.parseInt(a[3]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        for (int si = 4; si < a.length; si++) {
            String[] d = a[si].split("x"); int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
            Random r = new Random(1);
            float[] A = new float[m * k], B = new float[k * n], C = new float[m * n];
            for (int i = 0; i < A.length; i++) A[i] = r.nextFloat() - 0.5f; for (int i = 0; i < B.length; i++) B[i] = r.nextFloat() - 0.5f;
            float[][] outs = new float[2][];
            for (int mm = 0; mm < 2; mm++) { f.setLong(null, mm == 0 ? va : vb); long end = System.nanoTime() + 1_000_000_000L; while (System.nanoTime() < end) Gemm.sgemm(false, false, m, n, k, 1f, A, 0, k, B, 0, n, 0f, C, 0, n, GemmEpilogue.none(), par); outs[mm] = C.clone(); }
            StringBuilder sb = new StringBuilder(a[si] + " T" + t + " " + va + "/" + vb + " GFLOP/s:");
            double[] ratios = new double[7];
            for (int rr = 0; rr < 7; rr++) { double[] med = new double[2]; for (int q = 0; q < 2; q++) {
                int mm = rr % 2 == 0 ? q : 1 - q; f.setLong(null, mm == 0 ? va : vb);
                List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < end) { long t0 = System.nanoTime(); Gemm.sgemm(false, false, m, n, k, 1f, A, 0, k, B, 0, n, 0f, C, 0, n, GemmEpilogue.none(), par); ts.add((System.nanoTime() - t0) / 1e6); }
                Collections.sort(ts); med[mm] = ts.get(ts.size() / 2);
            } sb.append(String.format(" %.0f/%.0f", 2.0 * m * n * k / med[0] / 1e6, 2.0 * m * n * k / med[1] / 1e6)); ratios[rr] = med[0] / med[1]; }
            Arrays.sort(ratios);
            System.out.println(sb + String.format("  B speedup median %.3f same bits %b", ratios[3], Arrays.equals(outs[0], outs[1])));
        }
        f.setLong(null, va);
    }
}
