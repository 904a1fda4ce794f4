import dev.resvec.kernels.*;
import java.util.*;
public class LT3 {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        int[][] L = {{16,32,16},{32,16,32},{64,8,64},{3,32,16}};
        ConvAlgorithm[] algs = {ConvAlgorithm.AUTO};
        Parallelism par = Parallelism.threads(threads);
        for (int[] l : L) {
            ConvShape s = ConvShape.of(64, l[0], l[1], l[1], l[2], 3, 1, 1);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()], w = new float[(int) s.filterSize()];
            float[] y = new float[g.length], dx = new float[x.length];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            StringBuilder sb = new StringBuilder(Arrays.toString(l));
            for (int round = 0; round < 2; round++) {
            for (ConvAlgorithm alg : algs) {
                for (int dir = 0; dir < 2; dir++) {
                    long[] ts = new long[60]; int n = 0; long t0 = System.nanoTime();
                    while (n < ts.length && System.nanoTime() - t0 < 1_000_000_000L) {
                        long s0 = System.nanoTime();
                        if (dir == 0) Convolution.forward(s, alg, x, 0, w, 0, y, 0, ConvEpilogue.none(), par);
                        else Convolution.backwardData(s, alg, g, 0, w, 0, dx, 0, par);
                        ts[n++] = System.nanoTime() - s0;
                    }
                    long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
                    if (round == 1) sb.append(String.format(" %s-%s %.2f", alg.name().replace("WINOGRAD_","").replace("_3X3",""), dir == 0 ? "fwd" : "data", q[n / 2] / 1e6));
                }
            }
            }
            System.out.println(sb);
        }
    }
}
