import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.*;
import java.util.*;

public class AddSplit {
    public static void main(String[] args) {
        ElementwiseKernels k = Backends.active().elementwise();
        Parallelism p2 = Parallelism.threads(2);
        int[] sizes = {1024, 4096, 8192, 16384, 32768, 65536};
        boolean inPlace = args.length > 0;
        for (int n : sizes) {
            int gap = 17 * 16;
            float[] all = new float[3 * n + 2 * gap];
            Random r = new Random(1);
            for (int i = 0; i < all.length; i++) all[i] = r.nextFloat();
            int oa = 0, ob = n + gap, oo = 2 * (n + gap);
            int chunk = ((n + 1) / 2 + 63) / 64 * 64;
            long[] one = new long[15], two = new long[15];
            int calls = Math.max(200, 40_000_000 / n);
            for (int round = 0; round < 15 + 3; round++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) k.add(n, all, oa, all, ob, all, inPlace ? oa : oo);
                long t1 = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    ParallelRunner.run(2, p2, s -> {
                        int from = s * chunk, len = Math.min(chunk, n - from);
                        k.add(len, all, oa + from, all, ob + from, all, (inPlace ? oa : oo) + from);
                    });
                }
                long t2 = System.nanoTime();
                if (round >= 3) { one[round - 3] = t1 - t0; two[round - 3] = t2 - t1; }
            }
            Arrays.sort(one); Arrays.sort(two);
            double ns1 = one[7] / (double) calls, ns2 = two[7] / (double) calls;
            System.out.printf("n=%d (%d KiB)  1 share %.1f ns %.0f GB/s   2 shares %.1f ns %.0f GB/s%n", n, n * 4 / 1024,
                    ns1, 12.0 * n / ns1, ns2, 12.0 * n / ns2);
        }
    }
}
