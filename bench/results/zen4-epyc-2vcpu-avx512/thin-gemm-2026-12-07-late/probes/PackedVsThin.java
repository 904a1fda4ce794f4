import dev.resvec.kernels.*;
import java.util.*;
/** Pre-packed A (the swapped path) against the plain call (ThinGemm) on thin products, alternated in one JVM. Args: threads MxKxN,... */
public final class PackedVsThin {
    static double med(Runnable r, int reps) { List<Double> ts = new ArrayList<>(); for (int it = 0; it < reps; it++) { long t0 = System.nanoTime(); r.run(); ts.add((double) (System.nanoTime() - t0)); } Collections.sort(ts); return ts.get(reps / 2); }
    public static void main(String[] args) {
        Parallelism par = Parallelism.threads(Integer.parseInt(args[0]));
        for (String s : args[1].split(",")) { String[] d = s.split("x"); int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
            Random r = new Random(1); float[] a = new float[m * k], b = new float[k * n], c1 = new float[m * n], c2 = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - .5f; for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - .5f;
            PackedMatrix pa = Gemm.pack(false, m, k, a, 0, k);
            Runnable packed = () -> Gemm.sgemm(pa, false, n, 1f, b, 0, n, 0f, c1, 0, n, GemmEpilogue.none(), par);
            Runnable plain = () -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c2, 0, n, GemmEpilogue.none(), par);
            for (int w = 0; w < 300; w++) { packed.run(); plain.run(); }
            double flop = 2.0 * m * n * k; double[] ratio = new double[7]; StringBuilder sb = new StringBuilder(s + " T" + args[0] + " GFLOP/s packed/plain:");
            for (int rd = 0; rd < 7; rd++) { double tp = med(packed, 41), tt = med(plain, 41); sb.append(String.format(" %.0f/%.0f", flop / tp, flop / tt)); ratio[rd] = tp / tt; }
            Arrays.sort(ratio); System.out.println(sb + String.format("  plain÷packed speed: median %.3f (min %.3f max %.3f) same bits: %s", ratio[3], ratio[0], ratio[6], Arrays.equals(c1, c2)));
        }
    }
}
