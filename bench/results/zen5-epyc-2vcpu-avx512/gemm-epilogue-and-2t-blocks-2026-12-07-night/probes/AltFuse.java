import dev.resvec.kernels.*;
import java.util.*;
import java.lang.reflect.Field;
/** Prepared conv, batch 1: scratch-tile write-back vs fused epilogue (VectorSgemm.ALT_FUSE), alternated in one JVM. Args: threads C,K,H[,res][,s2][,k3] ... */
public final class AltFuse {
    public static void main(String[] a) throws Exception {
        Field f = Class.forName("dev.resvec.kernels.vector.VectorSgemm").getField("ALT_FUSE"); f.setAccessible(true);
        int t = Integer.parseInt(a[0]); Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        for (int si = 1; si < a.length; si++) {
            String[] fl = a[si].split(",");
            int c = Integer.parseInt(fl[0]), k = Integer.parseInt(fl[1]), h = Integer.parseInt(fl[2]);
            boolean res = a[si].contains("res"), s2 = a[si].contains("s2"), k3 = a[si].contains("k3");
            ConvShape s = k3 ? ConvShape.of(1, c, h, h, k, 3, s2 ? 2 : 1, 1) : ConvShape.of(1, c, h, h, k, 1, s2 ? 2 : 1, 0);
            ConvAlgorithm alg = k3 ? ConvAlgorithm.IM2COL_GEMM : ConvAlgorithm.POINTWISE_GEMM;
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k], r = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < bias.length; i++) bias[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < r.length; i++) r[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e = res ? ConvEpilogue.none().withBias(bias, 0).withResidual(r, 0).withRelu() : ConvEpilogue.none().withBias(bias, 0).withRelu();
            float[][] outs = new float[2][];
            for (int m = 0; m < 2; m++) { f.setBoolean(null, m == 1); long end = System.nanoTime() + 1_500_000_000L; while (System.nanoTime() < end) p.forward(1, in, 0, out, 0, e, par); outs[m] = out.clone(); }
            StringBuilder sb = new StringBuilder(s.describe() + (res ? " +res" : "") + " T" + t + " scratch/fused:");
            double[] ratios = new double[5];
            for (int rr = 0; rr < 5; rr++) { double[] med = new double[2]; for (int m = 0; m < 2; m++) {
                f.setBoolean(null, m == 1);
                List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 400_000_000L;
                while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(1, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
                Collections.sort(ts); med[m] = ts.get(ts.size() / 2); sb.append(String.format(m == 0 ? " %.3f" : "/%.3f", med[m]));
            } ratios[rr] = med[0] / med[1]; }
            Arrays.sort(ratios);
            System.out.println(sb + String.format("  speedup median %.3f  same bits %b", ratios[2], Arrays.equals(outs[0], outs[1])));
        }
        f.setBoolean(null, true);
    }
}
