import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.conv.*;
import java.util.*;
public class SP {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        // batch, C, H, K, kernel, stride, pad
        int[][] L = {{1,64,56,128,3,2,1},{1,128,28,256,3,2,1},{1,256,14,512,3,2,1},{1,3,224,64,7,2,3},{64,16,32,32,3,2,1},{64,32,16,64,3,2,1},{8,64,56,128,3,2,1}};
        Parallelism par = Parallelism.threads(threads);
        ShiftedKernels kern = ShiftedBackends.active();
        for (int[] l : L) {
            ConvShape s = ConvShape.of(l[0], l[1], l[2], l[2], l[3], l[4], l[5], l[6]);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], w = new float[(int) s.filterSize()];
            float[] y = new float[(int) s.outputSize()], y2 = new float[y.length];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            PreparedConvolution pc = Convolution.prepare(s, ConvAlgorithm.AUTO, w, 0);
            float[] packed = ShiftedForward.prepare(s, w, 0);
            double flops = 2.0 * s.batch() * s.outChannels() * s.inChannels() * s.kernelH() * s.kernelW() * s.outHeight() * s.outWidth();
            StringBuilder sb = new StringBuilder(Arrays.toString(l) + " " + pc.algorithm());
            double[] med = new double[2];
            for (int round = 0; round < 3; round++) {
                for (int v = 0; v < 2; v++) {
                    long[] ts = new long[400]; int n = 0; long t0 = System.nanoTime();
                    while (n < ts.length && System.nanoTime() - t0 < 700_000_000L) {
                        long s0 = System.nanoTime();
                        if (v == 0) pc.forward(s.batch(), x, 0, y, 0, ConvEpilogue.none(), par);
                        else ShiftedForward.forward(kern, s, x, 0, packed, y2, 0, ConvEpilogue.none(), par);
                        ts[n++] = System.nanoTime() - s0;
                    }
                    long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
                    med[v] = q[n / 2] / 1e6;
                }
                if (round == 2) sb.append(String.format(" prepared %.3f ms (%.0f) shifted %.3f ms (%.0f)", med[0], flops / med[0] / 1e6, med[1], flops / med[1] / 1e6));
            }
            double maxd = 0, maxa = 0; for (int i = 0; i < y.length; i++) { maxd = Math.max(maxd, Math.abs(y[i] - y2[i])); maxa = Math.max(maxa, Math.abs(y[i])); }
            System.out.println(sb + String.format(" maxdiff %.2e of %.2e", maxd, maxa));
        }
    }
}
