import java.util.concurrent.atomic.*;
public final class PingProbe {
    static final AtomicLong flag = new AtomicLong();
    public static void main(String[] a) throws Exception {
        Thread t = new Thread(() -> { long expect = 1; while (true) { while (flag.get() != expect) Thread.onSpinWait(); flag.set(expect + 1); expect += 2; } });
        t.setDaemon(true); t.start();
        for (int rep = 0; rep < 5; rep++) {
            int n = 1_000_000; long v = flag.get();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { flag.set(v + 1); while (flag.get() != v + 2) Thread.onSpinWait(); v += 2; }
            System.out.printf("round trip %.1f ns%n", (System.nanoTime() - t0) / (double) n);
        }
        dev.resvec.kernels.Parallelism p = dev.resvec.kernels.Parallelism.threads(2);
        for (int rep = 0; rep < 5; rep++) {
            int n = 200_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) dev.resvec.kernels.internal.ParallelRunner.run(2, p, s -> {});
            System.out.printf("ParallelRunner empty 2 shares %.1f ns%n", (System.nanoTime() - t0) / (double) n);
        }
    }
}
