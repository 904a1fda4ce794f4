import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.ElementwiseKernels;

public class L1Probe {
    public static void main(String[] args) {
        ElementwiseKernels k = Backends.active().elementwise();
        for (int bytes : new int[] {4096, 16384}) {
            int n = bytes / 4;
            int gap = 272;
            float[] all = new float[3 * n + 2 * gap];
            for (int i = 0; i < all.length; i++) all[i] = (i % 7) * 0.25f;
            int offB = n + gap, offOut = 2 * (n + gap);
            for (int round = 0; round < 4; round++) {
                int calls = 20_000_000 / (bytes / 1024);
                long t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) Elementwise.add(n, all, 0, all, offB, all, offOut);
                long t1 = System.nanoTime();
                for (int c = 0; c < calls; c++) k.add(n, all, 0, all, offB, all, offOut);
                long t2 = System.nanoTime();
                for (int c = 0; c < calls; c++) Elementwise.add(n, all, 0, all, offB, all, 0);
                long t3 = System.nanoTime();
                System.out.printf("%6d B: oop facade %.1f ns, oop kernel %.1f ns, inplace facade %.1f ns%n", bytes,
                        (t1 - t0) / (double) calls, (t2 - t1) / (double) calls, (t3 - t2) / (double) calls);
            }
        }
    }
}
