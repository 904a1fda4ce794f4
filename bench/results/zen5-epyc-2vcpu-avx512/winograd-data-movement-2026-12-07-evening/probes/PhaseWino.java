import dev.resvec.kernels.*;
import java.util.*;
/** Phase times (input transform, GEMMs, output transform) of the channel-split Winograd forward, thread 0. Args: ALG threads N,C,K,H ... */
public final class PhaseWino {
    public static void main(String[] a) throws Exception {
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[0]); int t = Integer.parseInt(a[1]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        var fld = Class.forName("dev.resvec.kernels.internal.conv.WinogradForward").getField("PH"); fld.setAccessible(true); long[] ph = (long[]) fld.get(null); var f2 = Class.forName("dev.resvec.kernels.internal.conv.WinogradForward").getField("PH2"); f2.setAccessible(true); long[] ph2 = (long[]) f2.get(null);
        for (int si = 2; si < a.length; si++) {
            String[] f = a[si].split(",");
            int nb = Integer.parseInt(f[0]), c = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]), h = Integer.parseInt(f[3]);
            ConvShape s = ConvShape.of(nb, c, h, h, k, 3, 1, 1);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], bias = new float[k], out = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withRelu();
            long end = System.nanoTime() + 3_000_000_000L; while (System.nanoTime() < end) p.forward(nb, in, 0, out, 0, e, par);
            Arrays.fill(ph, 0); Arrays.fill(ph2, 0);
            List<Double> ts = new ArrayList<>();
            end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(nb, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
            Collections.sort(ts);
            System.out.printf("%s T%d: call median %.3f ms; thread 0: input %.3f gemm %.3f output %.3f ms%n", s.describe(), t, ts.get(ts.size() / 2), ph[0] / 1e6 / ph[3], ph[1] / 1e6 / ph[3], ph[2] / 1e6 / ph[3]); System.out.printf("   split per block %.3f ms%n", ph2[0]/1e6/ph[3]);
        }
    }
}
