import dev.resvec.kernels.*;
import java.util.*;
public class PW4 {
    public static void main(String[] args) {
        int[][] L = {{64,56,256},{256,56,64},{128,28,512},{512,28,128},{256,14,1024},{1024,14,256},{512,7,2048},{2048,7,512}};
        for (int[] l : L) {
            int C = l[0], H = l[1], K = l[2], n = H * H;
            ConvShape s1 = ConvShape.of(1, C, H, H, K, 1, 1, 0);
            Random r = new Random(1);
            float[] x = new float[C * n], w = new float[K * C], y = new float[K * n];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            PreparedConvolution p1 = Convolution.prepare(s1, ConvAlgorithm.AUTO, w, 0);
            PackedMatrix pa = Gemm.pack(false, K, C, w, 0, C);
            float[] bias = new float[K]; ConvEpilogue ep = ConvEpilogue.none().withBias(bias, 0).withRelu();
            String line = "";
            for (int round = 0; round < 3; round++) {
                StringBuilder sb = new StringBuilder(Arrays.toString(l) + " " + p1.algorithm());
                for (int t = 1; t <= 1; t++) {
                    Parallelism par = Parallelism.threads(t);
                    double c = time(() -> p1.forward(1, x, 0, y, 0, ep, par));
                    double g = time(() -> Gemm.sgemm(pa, false, n, 1f, x, 0, n, 0f, y, 0, n, GemmEpilogue.none(), par));
                    sb.append(String.format("  %dT conv %.4f gemm %.4f", t, c, g));
                }
                line = sb.toString();
            }
            System.out.println(line);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[3000]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 300_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}
