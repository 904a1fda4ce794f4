import dev.resvec.kernels.*;
import java.util.*;

/** Alternates a boolean system property ("false", then "true") round by round; per layer the prepared forward, the plain forward, the data or the filter gradient; prints both medians, the per-round ratio and whether the bits agree. */
public final class WinoAB {
    public static void main(String[] a) {
        String prop = a[0];
        int threads = Integer.parseInt(a[1]);
        Parallelism par = threads == 1 ? Parallelism.singleThread() : Parallelism.threads(threads);
        String[] dirs = a[2].split(",");
        Random rnd = new Random(1);
        for (int li = 3; li < a.length; li++) {
            String[] f = a[li].split(":");      // C-K-H-batch:ALG
            String[] p = f[0].split("-");
            int c = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), h = Integer.parseInt(p[2]), b = Integer.parseInt(p[3]);
            ConvAlgorithm alg = ConvAlgorithm.valueOf(f[1]);
            ConvShape s = ConvShape.of(b, c, h, h, k, 3, 1, 1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], g = new float[s.outputSize()], gi = new float[s.inputSize()], gw = new float[s.filterSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < g.length; i++) g[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution prep = Convolution.prepare(s, alg, w, 0);
            for (String d : dirs) {
                double[][] t = new double[2][];
                float[][] res = new float[2][];
                List<Double>[] times = new List[] {new ArrayList<Double>(), new ArrayList<Double>()};
                for (int round = 0; round < 14; round++) {
                    for (int side = 0; side < 2; side++) {
                        System.setProperty(prop, side == 0 ? "false" : "true");
                        long t0 = System.nanoTime(); int calls = 0;
                        while (System.nanoTime() - t0 < 250_000_000L || calls < 3) {
                            switch (d) {
                                case "prep" -> prep.forward(b, in, 0, out, 0, ConvEpilogue.none(), par);
                                case "fwd" -> Convolution.forward(s, alg, in, 0, w, 0, out, 0, ConvEpilogue.none(), par);
                                case "data" -> Convolution.backwardData(s, alg, g, 0, w, 0, gi, 0, par);
                                case "filter" -> Convolution.backwardFilter(s, alg, in, 0, g, 0, gw, 0, null, 0, par);
                            }
                            calls++;
                        }
                        if (round >= 3) times[side].add((System.nanoTime() - t0) / 1e6 / calls);
                        res[side] = (d.equals("data") ? gi : d.equals("filter") ? gw : out).clone();
                    }
                }
                double[] r = new double[times[0].size()];
                for (int i = 0; i < r.length; i++) r[i] = times[0].get(i) / times[1].get(i);
                Arrays.sort(r);
                System.out.printf("%s %s b%d %dT %s: off %.3f ms, on %.3f ms (medians); off/on per round min %.3f med %.3f max %.3f; same bits %b%n",
                        f[0], alg, b, threads, d, med(times[0]), med(times[1]), r[0], r[r.length / 2], r[r.length - 1], Arrays.equals(res[0], res[1]));
            }
        }
    }
    static double med(List<Double> l) { List<Double> c = new ArrayList<>(l); Collections.sort(c); return c.get(c.size() / 2); }
}
