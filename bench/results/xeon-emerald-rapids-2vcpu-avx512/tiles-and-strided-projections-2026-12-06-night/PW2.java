import dev.resvec.kernels.*;
import java.util.*;
public class PW2 {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        int[][] L = {{64,16,32,32},{1,64,56,128},{1,256,56,512},{1,512,28,1024},{1,1024,14,2048},{8,64,56,128}};
        Parallelism par = Parallelism.threads(threads);
        for (int[] l : L) {
            ConvShape s2 = ConvShape.of(l[0], l[1], l[2], l[2], l[3], 1, 2, 0);
            ConvShape s1 = ConvShape.of(l[0], l[1], l[2] / 2, l[2] / 2, l[3], 1, 1, 0);
            Random r = new Random(1);
            float[] x = new float[(int) s2.inputSize()], w = new float[(int) s2.filterSize()], y = new float[(int) s2.outputSize()];
            float[] x1 = new float[(int) s1.inputSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < x1.length; i++) x1[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            PreparedConvolution p2 = Convolution.prepare(s2, ConvAlgorithm.AUTO, w, 0), p1 = Convolution.prepare(s1, ConvAlgorithm.AUTO, w, 0);
            String out = "";
            for (int round = 0; round < 3; round++) {
                double a2 = time(() -> Convolution.forward(s2, ConvAlgorithm.AUTO, x, 0, w, 0, y, 0, ConvEpilogue.none(), par));
                double a1 = time(() -> Convolution.forward(s1, ConvAlgorithm.AUTO, x1, 0, w, 0, y, 0, ConvEpilogue.none(), par));
                double b2 = time(() -> p2.forward(s2.batch(), x, 0, y, 0, ConvEpilogue.none(), par));
                double b1 = time(() -> p1.forward(s1.batch(), x1, 0, y, 0, ConvEpilogue.none(), par));
                out = String.format("%s plain s2 %.3f s1-on-gathered %.3f | prepared s2 %.3f s1 %.3f", Arrays.toString(l), a2, a1, b2, b1);
            }
            System.out.println(out);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[300]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 400_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}
