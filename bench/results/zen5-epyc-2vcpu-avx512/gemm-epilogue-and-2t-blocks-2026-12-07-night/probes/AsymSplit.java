import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.ParallelRunner;
import java.util.*;
public final class AsymSplit {
    public static void main(String[] args) {
        Parallelism par = Parallelism.threads(2);
        double[] fs = {0.5, 0.55, 0.6, 0.65, 0.7};
        for (String s : args) {
            int n = Integer.parseInt(s) / 4;
            float[] a = new float[n], b = new float[n];
            Arrays.fill(a, 1f); Arrays.fill(b, 2f);
            StringBuilder sb = new StringBuilder(s + " B in place, caller fraction:");
            double[][] med = new double[3][fs.length];
            for (int round = 0; round < 3; round++) for (int fi = 0; fi < fs.length; fi++) {
                int cut = (int) (n * fs[fi]) / 64 * 64;
                long end = System.nanoTime() + 200_000_000L;
                while (System.nanoTime() < end) ParallelRunner.run(2, par, sh -> { if (sh == 0) Elementwise.add(cut, a, 0, b, 0, a, 0); else Elementwise.add(n - cut, a, cut, b, cut, a, cut); });
                List<Double> ts = new ArrayList<>();
                for (int it = 0; it < 200; it++) { long t0 = System.nanoTime(); for (int i = 0; i < 100; i++) ParallelRunner.run(2, par, sh -> { if (sh == 0) Elementwise.add(cut, a, 0, b, 0, a, 0); else Elementwise.add(n - cut, a, cut, b, cut, a, cut); }); ts.add((System.nanoTime() - t0) / 100.0); }
                Collections.sort(ts); med[round][fi] = ts.get(100);
            }
            for (int fi = 0; fi < fs.length; fi++) sb.append(String.format("  %.2f: %.0f/%.0f/%.0f ns", fs[fi], med[0][fi], med[1][fi], med[2][fi]));
            System.out.println(sb);
        }
    }
}
