import dev.resvec.kernels.*;
import java.util.*;
public class GemmOff {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String which = args[1];
        Random r = new Random(1);
        float[] a = new float[n * n + 16], b = new float[n * n + 16], c = new float[n * n + 16];
        for (int i = 0; i < a.length; i++) { a[i] = r.nextFloat(); b[i] = r.nextFloat(); }
        Parallelism p = Parallelism.threads(1);
        for (int round = 0; round < 3; round++) {
            StringBuilder sb = new StringBuilder(which + " off:");
            for (int off = 0; off < 16; off += 2) {
                int oa = which.equals("A") ? off : 0, ob = which.equals("B") ? off : 0, oc = which.equals("C") ? off : 0;
                long best = Long.MAX_VALUE;
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < 300_000_000L) {
                    long t = System.nanoTime();
                    Gemm.sgemm(false, false, n, n, n, 1f, a, oa, n, b, ob, n, 0f, c, oc, n, GemmEpilogue.none(), p);
                    best = Math.min(best, System.nanoTime() - t);
                }
                sb.append(String.format(" %d:%.0f", off, 2.0 * n * n * n / best));
            }
            System.out.println(sb);
        }
    }
}
