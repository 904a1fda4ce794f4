import dev.resvec.kernels.*;
import java.util.*;
/** Prepared 3x3 convolutions (algorithm given), rounds alternating a system property between two values, in one JVM.
 * Args: PROP v0 v1 ALG threads seconds-per-round rounds N,C,K,H ... */
public final class AltWino {
    public static void main(String[] a) {
        String prop = a[0], v0 = a[1], v1 = a[2]; ConvAlgorithm alg = ConvAlgorithm.valueOf(a[3]);
        int t = Integer.parseInt(a[4]); double secs = Double.parseDouble(a[5]); int rounds = Integer.parseInt(a[6]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        for (int si = 7; si < a.length; si++) {
            String[] f = a[si].split(",");
            int nb = Integer.parseInt(f[0]), c = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]), h = Integer.parseInt(f[3]);
            ConvShape s = ConvShape.of(nb, c, h, h, k, 3, 1, 1);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], bias = new float[k];
            float[][] outs = {new float[s.outputSize()], new float[s.outputSize()]};
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withRelu();
            String[] vs = {v0, v1};
            for (int m = 0; m < 2; m++) { System.setProperty(prop, vs[m]); long end = System.nanoTime() + 2_000_000_000L; while (System.nanoTime() < end) p.forward(nb, in, 0, outs[m], 0, e, par); }
            boolean same = Arrays.equals(outs[0], outs[1]);
            StringBuilder sb = new StringBuilder(s.describe() + " " + alg + " T" + t + " " + v0 + "/" + v1 + (same ? " same bits" : " DIFFERENT BITS") + ":");
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] med = new double[2];
                for (int m = 0; m < 2; m++) {
                    System.setProperty(prop, vs[m]);
                    List<Double> ts = new ArrayList<>();
                    long end = System.nanoTime() + (long) (secs * 1e9);
                    while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(nb, in, 0, outs[m], 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
                    Collections.sort(ts); med[m] = ts.get(ts.size() / 2);
                }
                sb.append(String.format(" %.3f/%.3f", med[0], med[1]));
                ratios.add(med[0] / med[1]);
            }
            Collections.sort(ratios);
            sb.append(String.format("  speedup median %.3f", ratios.get(ratios.size() / 2)));
            System.out.println(sb);
        }
    }
}
