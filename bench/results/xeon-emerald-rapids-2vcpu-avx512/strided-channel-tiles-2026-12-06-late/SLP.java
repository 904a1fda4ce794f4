import dev.resvec.kernels.*;
import java.util.*;
public class SLP {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int[][] L = {{64, 16, 32, 32}, {64, 32, 16, 64}, {1, 64, 56, 128}, {1, 128, 28, 256}, {1, 256, 14, 512}};
        Parallelism par = Parallelism.threads(threads);
        StringBuilder sb = new StringBuilder();
        for (int[] l : L) {
            ConvShape s = ConvShape.of(l[0], l[1], l[2], l[2], l[3], 3, 2, 1);
            Random r = new Random(1);
            float[] x = new float[s.inputSize()], w = new float[s.filterSize()], y = new float[s.outputSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            PreparedConvolution pc = Convolution.prepare(s, ConvAlgorithm.AUTO, w, 0); float[] bias = new float[s.outChannels()]; ConvEpilogue ep = ConvEpilogue.none().withBias(bias, 0).withRelu(); double t = 0;
            for (int round = 0; round < 3; round++) t = time(() -> pc.forward(s.batch(), x, 0, y, 0, ep, par));
            sb.append(String.format(" %s %.3f", Arrays.toString(l), t));
        }
        System.out.println(sb);
    }
    static double time(Runnable run) {
        long[] ts = new long[3000]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 400_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}
