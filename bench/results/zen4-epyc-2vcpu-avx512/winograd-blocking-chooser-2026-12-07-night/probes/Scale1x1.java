import dev.resvec.kernels.*;
import java.util.*;
/** 1x1 prepared convs (bias+relu), 1T and 2T alternated in one JVM; medians. Args: rounds c,k,h[,stride] ... */
public final class Scale1x1 {
    public static void main(String[] a) {
        int rounds = Integer.parseInt(a[0]);
        for (int li = 1; li < a.length; li++) {
            String[] f = a[li].split(",");
            int c = Integer.parseInt(f[0]), k = Integer.parseInt(f[1]), h = Integer.parseInt(f[2]), st = f.length > 3 ? Integer.parseInt(f[3]) : 1;
            ConvShape s = ConvShape.of(1, c, h, h, k, 1, st, 0);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            int copies = Math.max(1, (int) ((Integer.getInteger("filterMB", 0) << 20) / (4L * w.length)));
            PreparedConvolution[] pp = new PreparedConvolution[copies];
            for (int i = 0; i < copies; i++) { w[0] += 1e-3f; pp[i] = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, w, 0); }
            int[] next = {0};
            ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withRelu();
            Parallelism[] ps = {Parallelism.singleThread(), Parallelism.threads(2)};
            double[][] t = new double[2][rounds];
            for (int r = -rounds; r < rounds; r++) for (int q = 0; q < 2; q++) {
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 5; rep++) { long t0 = System.nanoTime(); pp[next[0]++ % copies].forward(1, in, 0, out, 0, e, ps[q]); best = Math.min(best, System.nanoTime() - t0); }
                if (r >= 0) t[q][r] = best / 1e6;
            }
            Arrays.sort(t[0]); Arrays.sort(t[1]);
            double m1 = t[0][rounds / 2], m2 = t[1][rounds / 2];
            System.out.printf("%4d->%-4d @%d s%d: 1T %.3f ms  2T %.3f ms  speed-up %.2f%n", c, k, h, st, m1, m2, m1 / m2);
        }
    }
}
