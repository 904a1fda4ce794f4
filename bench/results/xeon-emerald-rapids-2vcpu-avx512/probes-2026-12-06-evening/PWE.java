import dev.resvec.kernels.*;
import java.util.*;
/** Prepared 1x1 convolutions (ResNet-50's at 28x28 to 7x7): GFLOP/s, median of 7 rounds. Args: THREADS BATCH [C,H,K]. */
public class PWE {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]), batch = Integer.parseInt(a[1]);
        int[][] L = a.length > 2 ? new int[][] {java.util.Arrays.stream(a[2].split(",")).mapToInt(Integer::parseInt).toArray()} : new int[][] {{64,56,256},{256,56,64},{512,28,128},{128,28,512},{1024,14,256},{256,14,1024},{2048,7,512},{512,7,2048}};
        Parallelism par = Parallelism.threads(threads);
        StringBuilder all = new StringBuilder();
        for (int[] l : L) {
            ConvShape s = ConvShape.of(batch, l[0], l[1], l[1], l[2], 1, 1, 0);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], w = new float[(int) s.filterSize()], y = new float[(int) s.outputSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            float[] bias = new float[l[2]]; float[] res = new float[y.length]; ConvEpilogue ep = System.getProperty("ep","none").equals("none") ? ConvEpilogue.none() : System.getProperty("ep").equals("br") ? ConvEpilogue.none().withBias(bias,0).withRelu() : ConvEpilogue.none().withBias(bias,0).withResidual(res,0).withRelu(); PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, w, 0);
            double[] t = new double[a.length > 2 ? 60 : 7];
            for (int round = 0; round < (a.length > 2 ? 60 : 7); round++) {
                long s0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - s0 < 250_000_000L) { p.forward(batch, x, 0, y, 0, ep, par); n++; }
                t[round] = (System.nanoTime() - s0) / 1e6 / n;
            }
            Arrays.sort(t);
            double fl = 2.0 * batch * l[0] * l[2] * l[1] * l[1];
            all.append(String.format(" %d>%d@%d %.0f", l[0], l[2], l[1], fl / t[3] / 1e6));
        }
        System.out.println("GFLOP/s b" + batch + ":" + all);
    }
}
