import dev.resvec.kernels.*;
import java.util.*;
/** Fresh-JVM warm-up of one prepared conv: median per 0.5 s window for N windows. Args: ALG threads windows N,C,K,H */
public final class Warm {
    public static void main(String[] a) {
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[0]); int t = Integer.parseInt(a[1]); int windows = Integer.parseInt(a[2]);
        String[] f = a[3].split(",");
        int nb = Integer.parseInt(f[0]), c = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]), h = Integer.parseInt(f[3]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        ConvShape s = ConvShape.of(nb, c, h, h, k, 3, 1, 1);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], bias = new float[k], out = new float[s.outputSize()];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
        float[] res = new float[s.outputSize()]; for (int i = 0; i < res.length; i++) res[i] = rnd.nextFloat() - 0.5f;
        ConvEpilogue e = f.length > 4 ? ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu() : ConvEpilogue.none().withBias(bias, 0).withRelu();
        StringBuilder sb = new StringBuilder(s.describe() + " T" + t + ":");
        for (int win = 0; win < windows; win++) {
            List<Double> ts = new ArrayList<>();
            long end = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(nb, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
            Collections.sort(ts); sb.append(String.format(" %.2f", ts.get(ts.size() / 2)));
        }
        System.out.println(sb);
    }
}
