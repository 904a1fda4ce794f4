import dev.resvec.kernels.*;
import java.util.*;
/** Prepared 1x1 convolutions at batch 1, 1 thread: call time and BlisGemm's B packing share. Args: C,K,H[,r] ... */
public final class PhaseGemm {
    public static void main(String[] a) throws Exception {
        var fld = Class.forName("dev.resvec.kernels.internal.BlisGemm").getField("PH"); fld.setAccessible(true); long[] ph = (long[]) fld.get(null);
        Parallelism par = Parallelism.singleThread();
        for (String arg : a) {
            String[] f = arg.split(",");
            int c = Integer.parseInt(f[0]), k = Integer.parseInt(f[1]), h = Integer.parseInt(f[2]);
            boolean residual = f.length > 3;
            ConvShape s = ConvShape.of(1, c, h, h, k, 1, 1, 0);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k], res = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, w, 0);
            ConvEpilogue e = residual ? ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu() : ConvEpilogue.none().withBias(bias, 0).withRelu();
            long end = System.nanoTime() + 2_000_000_000L; while (System.nanoTime() < end) p.forward(1, in, 0, out, 0, e, par);
            Arrays.fill(ph, 0);
            List<Double> ts = new ArrayList<>();
            end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(1, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
            Collections.sort(ts);
            double flops = 2.0 * c * k * h * h;
            System.out.printf("%s%s: median %.3f ms (%.0f GFLOP/s); per call: run %.3f ms, B packing %.3f ms%n", s.describe(), residual ? " +res" : "", ts.get(ts.size() / 2), flops / ts.get(ts.size() / 2) / 1e6, ph[1] / 1e6 / ts.size(), ph[0] / 1e6 / ts.size());
        }
    }
}
