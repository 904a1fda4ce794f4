import dev.resvec.kernels.*;
import java.util.*;
/** Prepared 1×1 convolutions at batch 1 (bias + ReLU, or with ",r" also a residual), rounds alternating the system
 * property resvec.gemm.epi between -Dm0= and -Dm1= (read per call by a build patched with ab-switch-VectorSgemm.patch;
 * earlier today the same loop switched resvec.gemm.bInPlace and resvec.gemm.touchEpilogue of not-kept/). Args:
 * threads seconds-per-round rounds C,K,H[,r] ... */
public final class AltConv {
    static final String M0 = System.getProperty("m0", "false"), M1 = System.getProperty("m1", "true");
    public static void main(String[] a) {
        int t = Integer.parseInt(a[0]); double secs = Double.parseDouble(a[1]); int rounds = Integer.parseInt(a[2]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        for (int si = 3; si < a.length; si++) {
            String[] f = a[si].split(",");
            int c = Integer.parseInt(f[0]), k = Integer.parseInt(f[1]), h = Integer.parseInt(f[2]);
            boolean residual = f.length > 3;
            ConvShape s = ConvShape.of(1, c, h, h, k, 1, 1, 0);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k], res = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < res.length; i++) res[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, w, 0);
            ConvEpilogue e = residual ? ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu() : ConvEpilogue.none().withBias(bias, 0).withRelu();
            // warm both
            for (String mode : new String[]{M0, M1}) { System.setProperty("resvec.gemm.epi", mode); long end = System.nanoTime() + 3_000_000_000L; while (System.nanoTime() < end) p.forward(1, in, 0, out, 0, e, par); }
            StringBuilder sb = new StringBuilder(s.describe() + (residual ? " +res" : "") + " T" + t + " " + M0 + "/" + M1 + ":");
            double sumRatio = 0; List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] med = new double[2];
                for (int m = 0; m < 2; m++) {
                    System.setProperty("resvec.gemm.epi", m == 0 ? M0 : M1);
                    List<Double> ts = new ArrayList<>();
                    long end = System.nanoTime() + (long) (secs * 1e9);
                    while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(1, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
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
