import dev.resvec.kernels.*;
import java.util.*;

public final class GemmShapes {
    public static void main(String[] a) {
        Parallelism par = Parallelism.singleThread();
        Random r = new Random(5);
        for (int i = 0; i < a.length; i++) {
            String[] p = a[i].split("x");
            int m = Integer.parseInt(p[0]), n = Integer.parseInt(p[1]), k = Integer.parseInt(p[2]);
            float[] A = new float[m * k], B = new float[k * n], C = new float[m * n];
            for (int j = 0; j < A.length; j++) A[j] = r.nextFloat();
            for (int j = 0; j < B.length; j++) B[j] = r.nextFloat();
            PackedMatrix pa = Gemm.pack(false, m, k, A, 0, k);
            List<Double> t = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                long t0 = System.nanoTime(); int calls = 0;
                while (System.nanoTime() - t0 < 200_000_000L) {
                    Gemm.sgemm(pa, false, n, 1f, B, 0, n, 0f, C, 0, n, GemmEpilogue.none(), par);
                    calls++;
                }
                if (round >= 3) t.add((System.nanoTime() - t0) / 1e6 / calls);
            }
            Collections.sort(t);
            double ms = t.get(t.size() / 2);
            System.out.printf("%s: %.3f ms, %.1f GFLOP/s%n", a[i], ms, 2.0 * m * n * k / ms / 1e6);
        }
    }
}
