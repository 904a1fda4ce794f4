import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelRunner;

public class SplitProbe {
    static volatile int sink;
    public static void main(String[] args) {
        Parallelism p2 = Parallelism.threads(2);
        int[] ran = new int[4];
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 5; round++) {
            int calls = 200_000;
            long t0 = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                ParallelRunner.run(2, p2, i -> { if (Thread.currentThread() == caller) ran[i]++; else ran[2 + i]++; });
            }
            long t1 = System.nanoTime();
            System.out.printf("empty 2-share call: %.1f ns; caller ran share0 %d share1 %d, worker share0 %d share1 %d%n",
                    (t1 - t0) / (double) calls, ran[0], ran[1], ran[2], ran[3]);
            java.util.Arrays.fill(ran, 0);
        }
        for (int bytes : new int[] {16384, 32768, 65536, 131072, 262144, 524288}) {
            int n = bytes / 4;
            float[] all = new float[3 * n + 2 * 272];
            for (int i = 0; i < all.length; i++) all[i] = (i % 7) * 0.25f;
            int offB = n + 272;
            for (int round = 0; round < 3; round++) {
                for (int threads = 1; threads <= 2; threads++) {
                    int calls = (int) Math.max(1000, 400_000_000L / bytes);
                    // manual split into 2 shares vs 1
                    long t0 = System.nanoTime();
                    for (int c = 0; c < calls; c++) {
                        if (threads == 1) {
                            Elementwise.add(n, all, 0, all, offB, all, 0);
                        } else {
                            int half = n / 2;
                            ParallelRunner.run(2, p2, s -> Elementwise.add(half, all, s * half, all, offB + s * half, all, s * half));
                        }
                    }
                    long t1 = System.nanoTime();
                    double ns = (t1 - t0) / (double) calls;
                    System.out.printf("inplace %7d B  %d share(s): %9.1f ns  %6.1f GB/s%n", bytes, threads, ns, 3.0 * bytes / ns);
                }
            }
        }
    }
}
