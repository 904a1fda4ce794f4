import dev.resvec.kernels.*;
import java.util.*;
public class G1 {
    public static void main(String[] args) {
        int[][] S = {{128,64,784},{256,128,196},{512,256,49},{1000,512,1}};
        for (int[] s : S) {
            int m = s[0], k = s[1], n = s[2];
            Random r = new Random(1);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
            PackedMatrix pa = Gemm.pack(false, m, k, a, 0, k);
            String line = "";
            for (int round = 0; round < 3; round++) {
                double t1 = time(() -> Gemm.sgemm(pa, false, n, 1f, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), Parallelism.threads(1)));
                double t2 = time(() -> Gemm.sgemm(pa, false, n, 1f, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), Parallelism.threads(2)));
                line = String.format("%dx%dx%d  1T %.4f ms (%.0f GF)  2T %.4f ms (%.0f GF)", m, k, n, t1, 2e-6 * m * n * k / t1, t2, 2e-6 * m * n * k / t2);
            }
            System.out.println(line);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[2000]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 400_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}
