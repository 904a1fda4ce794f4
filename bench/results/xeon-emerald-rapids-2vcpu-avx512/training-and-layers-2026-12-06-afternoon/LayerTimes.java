import dev.resvec.kernels.*;
import java.util.*;
public class LayerTimes {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        // c, hw, k, kernel, stride, pad, count per step
        int[][] L = {{3,32,16,3,1,1,1},{16,32,16,3,1,1,6},{16,32,32,3,2,1,1},{16,32,32,1,2,0,1},{32,16,32,3,1,1,5},{32,16,64,3,2,1,1},{32,16,64,1,2,0,1},{64,8,64,3,1,1,5}};
        Parallelism par = Parallelism.threads(threads);
        double[] tot = new double[3];
        for (int[] l : L) {
            ConvShape s = ConvShape.of(64, l[0], l[1], l[1], l[2], l[3], l[4], l[5]);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()], w = new float[(int) s.filterSize()];
            float[] y = new float[g.length], dx = new float[x.length], dw = new float[w.length];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            double[][] med = new double[3][];
            for (int dir = 0; dir < 3; dir++) {
                long[] ts = new long[60]; int n = 0; long t0 = System.nanoTime();
                while (n < ts.length && System.nanoTime() - t0 < 1_500_000_000L) {
                    long s0 = System.nanoTime();
                    if (dir == 0) Convolution.forward(s, ConvAlgorithm.AUTO, x, 0, w, 0, y, 0, ConvEpilogue.none(), par);
                    else if (dir == 1) Convolution.backwardData(s, ConvAlgorithm.AUTO, g, 0, w, 0, dx, 0, par);
                    else Convolution.backwardFilter(s, ConvAlgorithm.AUTO, x, 0, g, 0, dw, 0, null, 0, par);
                    ts[n++] = System.nanoTime() - s0;
                }
                long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
                med[dir] = new double[] {q[n / 2] / 1e6};
                tot[dir] += q[n / 2] / 1e6 * l[6];
            }
            System.out.printf("%-28s x%d  fwd %.2f  data %.2f  filter %.2f  (fwd+bwd %.2f ms)%n", Arrays.toString(Arrays.copyOf(l, 6)), l[6], med[0][0], med[1][0], med[2][0], med[0][0]+med[1][0]+med[2][0]);
        }
        System.out.printf("per step: fwd %.1f  data %.1f  filter %.1f ms%n", tot[0], tot[1], tot[2]);
    }
}
