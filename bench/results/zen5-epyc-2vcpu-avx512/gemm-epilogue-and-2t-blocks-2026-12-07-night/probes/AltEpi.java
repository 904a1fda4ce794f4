import dev.resvec.kernels.*;
import java.util.*;
/** Prepared 1x1 conv, batch 1: bias+ReLU alone vs with a residual, alternated in one JVM. Args: threads C,K,H ... */
public final class AltEpi {
    public static void main(String[] a) {
        int t = Integer.parseInt(a[0]); Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        for (int si = 1; si < a.length; si++) {
            String[] f = a[si].split(",");
            int c = Integer.parseInt(f[0]), k = Integer.parseInt(f[1]), h = Integer.parseInt(f[2]);
            ConvShape s = ConvShape.of(1, c, h, h, k, 1, 1, 0);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k], res = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < res.length; i++) res[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, w, 0);
            ConvEpilogue[] e = {ConvEpilogue.none(), ConvEpilogue.none().withBias(bias, 0).withRelu()};
            for (int m = 0; m < 2; m++) { long end = System.nanoTime() + 2_000_000_000L; while (System.nanoTime() < end) p.forward(1, in, 0, out, 0, e[m], par); }
            StringBuilder sb = new StringBuilder(s.describe() + " T" + t + " none/bias+relu:");
            for (int r = 0; r < 5; r++) for (int m = 0; m < 2; m++) {
                List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 400_000_000L;
                while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(1, in, 0, out, 0, e[m], par); ts.add((System.nanoTime() - t0) / 1e6); }
                Collections.sort(ts); sb.append(String.format(m == 0 ? " %.3f" : "/%.3f", ts.get(ts.size() / 2)));
            }
            System.out.println(sb);
        }
    }
}
