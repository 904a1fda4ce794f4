import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.*;
import java.util.*;
public class AddCall {
    public static void main(String[] args) {
        ElementwiseKernels k = Backends.active().elementwise();
        Parallelism p1 = Parallelism.threads(1);
        for (int n : new int[] {1024, 2048, 4096}) {
            int gap = 17 * 16;
            float[] all = new float[3 * n + 2 * gap];
            Random r = new Random(1);
            for (int i = 0; i < all.length; i++) all[i] = r.nextFloat();
            int oa = 0, ob = n + gap, oo = 2 * (n + gap);
            int calls = 20_000_000 / n;
            long[] d = new long[11], api = new long[11], apiP = new long[11];
            for (int round = 0; round < 14; round++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) k.add(n, all, oa, all, ob, all, oo);
                long t1 = System.nanoTime();
                for (int c = 0; c < calls; c++) Elementwise.add(n, all, oa, all, ob, all, oo);
                long t2 = System.nanoTime();
                for (int c = 0; c < calls; c++) Elementwise.add(n, all, oa, all, ob, all, oo, p1);
                long t3 = System.nanoTime();
                if (round >= 3) { d[round - 3] = t1 - t0; api[round - 3] = t2 - t1; apiP[round - 3] = t3 - t2; }
            }
            Arrays.sort(d); Arrays.sort(api); Arrays.sort(apiP);
            System.out.printf("n=%d kernel %.1f ns  api %.1f ns  api+parallelism %.1f ns  (kernel %.0f GB/s)%n", n, d[5] / (double) calls, api[5] / (double) calls, apiP[5] / (double) calls, 12.0 * n * calls / d[5]);
        }
    }
}
