import dev.resvec.kernels.*;
import java.util.*;
public final class LoopGemm {
    public static void main(String[] a) {
        int m = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]); double secs = Double.parseDouble(a[3]);
        Random r = new Random(1);
        float[] A = new float[m * k], B = new float[k * n], C = new float[m * n];
        for (int i = 0; i < A.length; i++) A[i] = r.nextFloat(); for (int i = 0; i < B.length; i++) B[i] = r.nextFloat();
        Parallelism par = Parallelism.singleThread();
        long end = System.nanoTime() + (long) (secs * 1e9); int cnt = 0; long t0 = 0;
        while (System.nanoTime() < end) { if (cnt == 200) t0 = System.nanoTime(); Gemm.sgemm(false, false, m, n, k, 1f, A, 0, k, B, 0, n, 0f, C, 0, n, GemmEpilogue.none(), par); cnt++; }
        double ms = (System.nanoTime() - t0) / 1e6 / (cnt - 200);
        System.out.printf("%dx%dx%d: %.3f ms/call, %.1f GFLOP/s%n", m, k, n, ms, 2.0 * m * n * k / ms / 1e6);
    }
}
