import dev.resvec.kernels.*;
import java.util.*;
/** One prepared layer, timed hot: median of calls over 2 s, 5 rounds. Args: C K H kernel stride algorithm threads. */
public class LayerAB {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]);
        int r = Integer.parseInt(a[3]), st = Integer.parseInt(a[4]);
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[5]);
        int threads = Integer.parseInt(a[6]);
        ConvShape s = new ConvShape(1, c, h, h, k, r, r, st, st, r / 2, r / 2, 1, 1, 1);
        Random rnd = new Random(1);
        float[] x = new float[c * h * h], w = new float[k * c * r * r], y = new float[s.outputSize()];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - .5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - .5f;
        PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
        Parallelism par = Parallelism.threads(threads);
        StringBuilder sb = new StringBuilder();
        for (int round = 0; round < 5; round++) {
            long[] ts = new long[100000]; int n = 0; long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 1_500_000_000L && n < ts.length) {
                long t = System.nanoTime(); p.forward(1, x, 0, y, 0, ConvEpilogue.none(), par); ts[n++] = System.nanoTime() - t;
            }
            long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
            if (round > 0) sb.append(String.format(" %.3f", q[n / 2] / 1e6));
        }
        System.out.println(String.join(" ", a) + " :" + sb);
    }
}
