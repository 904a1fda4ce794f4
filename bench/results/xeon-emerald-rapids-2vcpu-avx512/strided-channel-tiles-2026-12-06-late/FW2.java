import dev.resvec.kernels.*;
import java.util.*;
public class FW2 {
    public static void main(String[] a) {
        int[][] L = {{16,32,32,1,2,0},{32,16,64,1,2,0},{3,32,16,3,1,1},{16,32,16,3,1,1},{16,32,32,3,2,1}};
        for (int[] l : L) {
            ConvShape s = ConvShape.of(64, l[0], l[1], l[1], l[2], l[3], l[4], l[5]);
            Random r = new Random(1);
            float[] x = new float[s.inputSize()], g = new float[s.outputSize()], dw2 = new float[s.filterSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f;
            String line = "";
            for (int round = 0; round < 4; round++) {
                StringBuilder sb = new StringBuilder(Arrays.toString(l));
                for (int t = 1; t <= 2; t++) {
                    Parallelism par = Parallelism.threads(t);
                    double ms = time(() -> Convolution.forward(s, ConvAlgorithm.AUTO, x, 0, dw2, 0, g, 0, ConvEpilogue.none(), par));
                    sb.append(String.format("  %dT %.3f", t, ms));
                }
                line = sb.toString();
            }
            System.out.println(line);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[400]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 600_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}
