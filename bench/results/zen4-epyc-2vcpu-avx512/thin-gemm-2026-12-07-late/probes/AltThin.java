import dev.resvec.kernels.*;
import java.lang.reflect.Field;
import java.util.*;
/** Gemm.sgemm on thin shapes, ThinGemm.ALT off/on alternated in one JVM. Args: threads shapes(MxKxN[t] ,...) */
public final class AltThin {
    public static void main(String[] args) throws Exception {
        Field f = Class.forName("dev.resvec.kernels.vector.ThinGemm").getDeclaredField("ALT"); f.setAccessible(true);
        Parallelism par = Parallelism.threads(Integer.parseInt(args[0]));
        for (String s : args[1].split(",")) {
            boolean tA = s.endsWith("tA"), tB = s.endsWith("tB");
            String[] d = s.replace("tA", "").replace("tB", "").split("x");
            int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
            Random r = new Random(1); float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - .5f; for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - .5f;
            int lda = tA ? m : k, ldb = tB ? k : n;
            Runnable run = () -> Gemm.sgemm(tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n, GemmEpilogue.none(), par);
            double flop = 2.0 * m * n * k;
            for (int w = 0; w < 2; w++) { f.setBoolean(null, w == 1); long end = System.nanoTime() + 1_500_000_000L; while (System.nanoTime() < end) run.run(); }
            double[] ratio = new double[7]; StringBuilder sb = new StringBuilder(String.format("%-14s T%s GFLOP/s off/on:", s, args[0]));
            for (int rd = 0; rd < 7; rd++) { double[] g = new double[2];
                for (int q = 0; q < 2; q++) { int mode = rd % 2 == 0 ? q : 1 - q; f.setBoolean(null, mode == 1);
                    for (int w = 0; w < 5; w++) run.run();
                    List<Double> ts = new ArrayList<>();
                    for (int it = 0; it < 21; it++) { long t0 = System.nanoTime(); run.run(); ts.add((double) (System.nanoTime() - t0)); }
                    Collections.sort(ts); g[mode] = flop / ts.get(10); }
                sb.append(String.format(" %.0f/%.0f", g[0], g[1])); ratio[rd] = g[1] / g[0]; }
            Arrays.sort(ratio);
            System.out.println(sb + String.format("  on/off min %.3f median %.3f max %.3f", ratio[0], ratio[3], ratio[6]));
        }
    }
}
