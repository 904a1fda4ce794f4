import dev.resvec.kernels.*;
import java.util.*;
public class Fg {
    public static void main(String[] a) {
        int[][] L = {{1, 64, 56, 64, 1}, {8, 64, 56, 64, 1}, {1, 64, 56, 128, 2}, {8, 64, 56, 128, 2}};
        StringBuilder sb = new StringBuilder();
        for (int threads = 1; threads <= 2; threads++) {
            Parallelism par = Parallelism.threads(threads);
            for (int[] l : L) {
                ConvShape s = ConvShape.of(l[0], l[1], l[2], l[2], l[3], 3, l[4], 1);
                Random r = new Random(1);
                float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()], dw = new float[(int) s.filterSize()];
                for (int i = 0; i < x.length; i++) x[i] = r.nextFloat(); for (int i = 0; i < g.length; i++) g[i] = r.nextFloat();
                double[] t = new double[7];
                for (int round = 0; round < 7; round++) {
                    long t0 = System.nanoTime(); int n = 0;
                    while (System.nanoTime() - t0 < 300_000_000L) { Convolution.backwardFilter(s, ConvAlgorithm.AUTO, x, 0, g, 0, dw, 0, null, 0, par); n++; }
                    t[round] = (System.nanoTime() - t0) / 1e6 / n;
                }
                Arrays.sort(t);
                sb.append(String.format("b%d %d->%d@%d s%d %dT %.3f | ", l[0], l[1], l[3], l[2], l[4], threads, t[3]));
            }
        }
        System.out.println(sb);
    }
}
