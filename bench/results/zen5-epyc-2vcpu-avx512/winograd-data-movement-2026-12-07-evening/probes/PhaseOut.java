import dev.resvec.kernels.*;
import java.util.*;
public final class PhaseOut {
    public static void main(String[] a) throws Exception {
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[0]);
        var fld = Class.forName("dev.resvec.kernels.internal.conv.WinogradForward").getField("PH"); fld.setAccessible(true); long[] ph = (long[]) fld.get(null);
        for (int si = 1; si < a.length; si++) {
            String[] f = a[si].split(",");
            int nb = Integer.parseInt(f[0]), c = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]), h = Integer.parseInt(f[3]);
            boolean residual = f.length > 4;
            ConvShape s = ConvShape.of(nb, c, h, h, k, 3, 1, 1);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], bias = new float[k], out = new float[s.outputSize()], res = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e = residual ? ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu() : ConvEpilogue.none().withBias(bias, 0).withRelu();
            Parallelism par = Parallelism.singleThread();
            long end = System.nanoTime() + 2_000_000_000L; while (System.nanoTime() < end) p.forward(nb, in, 0, out, 0, e, par);
            Arrays.fill(ph, 0);
            List<Double> ts = new ArrayList<>();
            end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(nb, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
            Collections.sort(ts);
            System.out.printf("%s%s: median %.3f ms; per call: output transform %.3f ms, transform+merge %.3f ms%n", s.describe(), residual ? " +res" : "", ts.get(ts.size() / 2), ph[0] / 1e6 / ts.size(), ph[1] / 1e6 / ts.size());
        }
    }
}
