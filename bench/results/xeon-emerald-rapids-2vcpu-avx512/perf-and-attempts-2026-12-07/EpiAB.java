import dev.resvec.kernels.*;
import java.util.*;

/** Prepared forward with bias+relu vs bias+residual+relu, alternated in one JVM. */
public final class EpiAB {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        Parallelism par = threads == 1 ? Parallelism.singleThread() : Parallelism.threads(threads);
        Random rnd = new Random(1);
        for (int li = 1; li < a.length; li++) {
            String[] f = a[li].split(":");
            String[] p = f[0].split("-");
            int c = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), h = Integer.parseInt(p[2]), b = Integer.parseInt(p[3]);
            ConvAlgorithm alg = ConvAlgorithm.valueOf(f[1]);
            ConvShape s = ConvShape.of(b, c, h, h, k, 3, 1, 1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], res = new float[s.outputSize()], bias = new float[k];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < res.length; i++) res[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution prep = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e0 = ConvEpilogue.none().withBias(bias, 0).withRelu();
            ConvEpilogue e1 = ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu();
            List<Double>[] times = new List[] {new ArrayList<Double>(), new ArrayList<Double>()};
            for (int round = 0; round < 14; round++) {
                for (int side = 0; side < 2; side++) {
                    long t0 = System.nanoTime(); int calls = 0;
                    while (System.nanoTime() - t0 < 250_000_000L || calls < 3) {
                        prep.forward(b, in, 0, out, 0, side == 0 ? e0 : e1, par);
                        calls++;
                    }
                    if (round >= 3) times[side].add((System.nanoTime() - t0) / 1e6 / calls);
                }
            }
            System.out.printf("%s %s %dT: bias+relu %.3f ms, +residual %.3f ms%n", f[0], alg, threads, med(times[0]), med(times[1]));
        }
    }
    static double med(List<Double> l) { List<Double> c = new ArrayList<>(l); Collections.sort(c); return c.get(c.size() / 2); }
}
