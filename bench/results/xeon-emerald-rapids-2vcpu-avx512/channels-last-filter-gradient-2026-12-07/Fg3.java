package dev.resvec.kernels.internal.conv;
import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.Backends;
import java.util.*;
public class Fg3 {
    public static void main(String[] a) {
        int chunk = Integer.parseInt(a[0]); int threads = Integer.parseInt(a[1]);
        int[][] L = {{8, 64, 56, 128, 2}, {8, 64, 56, 64, 1}, {64, 16, 32, 32, 2}, {64, 16, 32, 16, 1}, {64, 32, 16, 32, 1}};
        Parallelism par = Parallelism.threads(threads);
        StringBuilder sb = new StringBuilder("chunk " + chunk + " " + threads + "T: ");
        for (int[] l : L) {
            ConvShape s = ConvShape.of(l[0], l[1], l[2], l[2], l[3], 3, l[4], 1);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()], dw = new float[(int) s.filterSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat(); for (int i = 0; i < g.length; i++) g[i] = r.nextFloat();
            int c = chunk == 0 ? ChannelsLastFilterGradient.MAX_GROUPS : chunk;
            double[] t = new double[8];
            for (int round = 0; round < 8; round++) { if (Boolean.getBoolean("gcEach")) System.gc();
                long t0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - t0 < 500_000_000L) { ChannelsLastFilterGradient.run(Backends.active(), s, x, 0, g, 0, dw, 0, par, c, ChannelsLastFilterGradient.MIN_PARALLEL_WORK); n++; }
                t[round] = (System.nanoTime() - t0) / 1e6 / n;
            }
            sb.append(String.format("%s %s | ", Arrays.toString(l), Arrays.toString(Arrays.stream(t).map(v -> Math.round(v * 100) / 100.0).toArray())));
        }
        System.out.println(sb);
    }
}
