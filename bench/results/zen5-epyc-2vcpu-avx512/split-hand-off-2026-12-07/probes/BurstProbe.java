import dev.resvec.kernels.*;
public final class BurstProbe {
    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]); int n = bytes / 4, gap = 272;
        float[] buf = new float[3 * n + 2 * gap];
        Parallelism split = Parallelism.on(dev.resvec.kernels.internal.KernelPool.executor(), 2), whole = Parallelism.singleThread();
        for (int dir = 0; dir < 2; dir++) {
            Parallelism from = dir == 0 ? whole : split, to = dir == 0 ? split : whole;
            long[][] t = new long[200][10];
            for (int rep = 0; rep < 200; rep++) {
                for (int i = 0; i < 100; i++) Elementwise.add(n, buf, 0, buf, n + gap, buf, 0, from);
                for (int i = 0; i < 10; i++) { long t0 = System.nanoTime(); Elementwise.add(n, buf, 0, buf, n + gap, buf, 0, to); t[rep][i] = System.nanoTime() - t0; }
            }
            StringBuilder sb = new StringBuilder((dir == 0 ? "whole->split" : "split->whole") + " call 1..10 median ns:");
            for (int i = 0; i < 10; i++) { long[] c = new long[150]; for (int r = 50; r < 200; r++) c[r - 50] = t[r][i]; java.util.Arrays.sort(c); sb.append(' ').append(c[75]); }
            System.out.println(sb);
        }
    }
}
