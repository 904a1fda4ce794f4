import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.conv.*;
import java.util.*;
/** WinogradFilterGradient with block budgets 4M / 1M / 256K floats, alternated; medians of rounds. */
public class WB {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        int[] budgets = {1 << 22, 1 << 20, 1 << 18};
        List<int[]> L = new ArrayList<>();
        for (String f : a[1].split(",")) L.add(Arrays.stream(f.split(":")).mapToInt(Integer::parseInt).toArray());
        Parallelism par = Parallelism.threads(threads);
        Map<String, List<Double>> tm = new LinkedHashMap<>();
        for (int round = 0; round < 6; round++) for (int[] l : L) for (int budget : budgets) {
            ConvShape s = ConvShape.of(l[0], l[1], l[2], l[2], l[1], 3, 1, 1);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()], dw = new float[(int) s.filterSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f;
            long[] ts = new long[200]; int n = 0; long t0 = System.nanoTime();
            while (n < ts.length && System.nanoTime() - t0 < 300_000_000L) {
                long s0 = System.nanoTime();
                WinogradFilterGradient.run(ConvContext.active().backend(), s, x, 0, g, 0, dw, 0, par, budget, 1L << 18);
                ts[n++] = System.nanoTime() - s0;
            }
            long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
            if (round >= 1) tm.computeIfAbsent(String.format("b%d %d@%d budget %d", l[0], l[1], l[2], budget), k -> new ArrayList<>()).add(q[n / 2] / 1e6);
        }
        tm.forEach((k, v) -> { Collections.sort(v); System.out.printf("%-32s %.3f [%.3f, %.3f]%n", k, v.get(v.size() / 2), v.get(0), v.get(v.size() - 1)); });
    }
}
