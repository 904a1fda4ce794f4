import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.BlisGemm;
import java.util.*;
public class ShiftProbe {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String which = args[1];
        Random r = new Random(1);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) { a[i] = r.nextFloat(); b[i] = r.nextFloat(); }
        Parallelism p = Parallelism.threads(1);
        for (int round = 0; round < 3; round++) {
            StringBuilder sb = new StringBuilder(which + " shift:");
            for (int off = 0; off < 16; off += 1) {
                if (which.equals("B")) BlisGemm.B_SHIFT = off; else BlisGemm.A_SHIFT = off;
                long best = Long.MAX_VALUE;
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < 200_000_000L) {
                    long t = System.nanoTime();
                    Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), p);
                    best = Math.min(best, System.nanoTime() - t);
                }
                sb.append(String.format(" %d:%.0f", off, 2.0 * n * n * n / best));
            }
            System.out.println(sb);
        }
    }
}
