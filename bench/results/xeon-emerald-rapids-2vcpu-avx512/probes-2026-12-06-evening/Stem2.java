import dev.resvec.kernels.*;
import java.util.*;
public class Stem2 {
    public static void main(String[] a) {
        int batch = 64;
        int[][] L = {{3, 32, 16}, {16, 32, 16}, {32, 16, 32}};
        for (int[] l : L) {
            ConvShape s = ConvShape.of(batch, l[0], l[1], l[1], l[2], 3, 1, 1);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], w = new float[(int) s.filterSize()], y = new float[(int) s.outputSize()], bias = new float[l[2]];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            StringBuilder sb = new StringBuilder(Arrays.toString(l));
            for (ConvEpilogue e : new ConvEpilogue[] {ConvEpilogue.none(), ConvEpilogue.none().withBias(bias, 0).withRelu()}) {
                double[] t = new double[7];
                for (int round = 0; round < 7; round++) {
                    long t0 = System.nanoTime(); int n = 0;
                    while (System.nanoTime() - t0 < 200_000_000L) { Convolution.forward(s, ConvAlgorithm.IM2COL_GEMM, x, 0, w, 0, y, 0, e, Parallelism.threads(1)); n++; }
                    t[round] = (System.nanoTime() - t0) / 1e6 / n;
                }
                Arrays.sort(t);
                sb.append(String.format(" %s %.2f ms", e.isNone() ? "plain" : "bias+relu", t[3]));
            }
            System.out.println(sb);
        }
    }
}
