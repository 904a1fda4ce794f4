import dev.resvec.kernels.*;
import java.util.*;
/** A prepared conv timed alone, with its input untouched between calls (static) or rewritten by the calling thread
 * before each call (as if the previous layer had written it on this thread). Args: ALG threads rounds N,C,K,H ... */
public final class CrossCore {
    public static void main(String[] a) {
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[0]); int t = Integer.parseInt(a[1]); int rounds = Integer.parseInt(a[2]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        for (int si = 3; si < a.length; si++) {
            String[] f = a[si].split(",");
            int nb = Integer.parseInt(f[0]), c = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]), h = Integer.parseInt(f[3]);
            ConvShape s = ConvShape.of(nb, c, h, h, k, 3, 1, 1);
            Random rnd = new Random(1);
            float[] src = new float[s.inputSize()], in = new float[s.inputSize()], w = new float[s.filterSize()], bias = new float[k], out = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) src[i] = rnd.nextFloat() - 0.5f;
            System.arraycopy(src, 0, in, 0, in.length);
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withRelu();
            StringBuilder sb = new StringBuilder(s.describe() + " " + alg + " T" + t + " static/rewritten:");
            for (int r = 0; r < rounds + 1; r++) {
                double[] med = new double[2];
                for (int m = 0; m < 2; m++) {
                    List<Double> ts = new ArrayList<>();
                    long end = System.nanoTime() + 700_000_000L;
                    while (System.nanoTime() < end) {
                        if (m == 1) { System.arraycopy(src, 0, in, 0, in.length); }
                        long t0 = System.nanoTime(); p.forward(nb, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6);
                    }
                    Collections.sort(ts); med[m] = ts.get(ts.size() / 2);
                }
                if (r > 0) sb.append(String.format(" %.3f/%.3f", med[0], med[1]));
            }
            System.out.println(sb);
        }
    }
}
