import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.conv.*;
import java.util.*;
/** Winograd-domain filter gradient vs the current path (shifted rows or im2col GEMM), alternated; medians of rounds. */
public class WG {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        int[][] L = {{64,16,32},{64,32,16},{64,64,8},{8,512,7},{8,256,14},{8,128,28},{8,64,56},{1,512,7},{1,256,14},{1,64,56},{1,128,28},{2,16,32},{4,16,16}};
        if (a.length > 1) { String[] f = a[1].split(","); int[][] sel = new int[f.length][]; for (int i = 0; i < f.length; i++) sel[i] = f[i].contains(":") ? Arrays.stream(f[i].split(":")).mapToInt(Integer::parseInt).toArray() : L[Integer.parseInt(f[i])]; L = sel; }
        Parallelism par = Parallelism.threads(threads);
        Map<String, List<Double>> tm = new LinkedHashMap<>();
        for (int round = 0; round < 6; round++) for (int[] l : L) for (int alg = 0; alg < 2; alg++) {
            ConvShape s = ConvShape.of(l[0], l[1], l[2], l[2], l[1], 3, 1, 1);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()], dw = new float[(int) s.filterSize()], ref = new float[dw.length];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f;
            long[] ts = new long[200]; int n = 0; long t0 = System.nanoTime();
            while (n < ts.length && System.nanoTime() - t0 < 300_000_000L) {
                long s0 = System.nanoTime();
                if (alg == 0) {
                    if (ShiftedFilterGradient.pays(s)) ShiftedFilterGradient.run(ShiftedBackends.active(), s, x, 0, g, 0, dw, 0, par);
                    else GemmConvolution.backwardFilter(ConvContext.active(), s, ConvAlgorithm.IM2COL_GEMM, x, 0, g, 0, dw, 0, null, 0, par);
                } else WinogradFilterGradient.run(ConvContext.active().backend(), s, x, 0, g, 0, dw, 0, par);
                ts[n++] = System.nanoTime() - s0;
            }
            if (round == 0 && alg == 1) {
                GemmConvolution.backwardFilter(ConvContext.active(), s, ConvAlgorithm.IM2COL_GEMM, x, 0, g, 0, ref, 0, null, 0, par);
                double md = 0, mx = 0; for (int i = 0; i < dw.length; i++) { md = Math.max(md, Math.abs(dw[i] - ref[i])); mx = Math.max(mx, Math.abs(ref[i])); }
                System.out.printf("%s maxdiff %.2e (max |dW| %.2e)%n", Arrays.toString(l), md, mx);
            }
            long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
            if (round >= 1) tm.computeIfAbsent(String.format("b%d %d@%d %s", l[0], l[1], l[2], alg == 0 ? (ShiftedFilterGradient.pays(s) ? "shifted" : "gemm") : "wino2"), k -> new ArrayList<>()).add(q[n / 2] / 1e6);
        }
        tm.forEach((k, v) -> { Collections.sort(v); System.out.printf("%-24s %.3f [%.3f, %.3f]%n", k, v.get(v.size() / 2), v.get(0), v.get(v.size() - 1)); });
    }
}
