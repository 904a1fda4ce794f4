import dev.resvec.kernels.*;
public final class SpinSibling {
    static volatile int flag;
    public static void main(String[] args) throws Exception {
        int n = 4096; float[] buf = new float[3 * n + 1000]; int offB = n + 272;
        Thread spinner = new Thread(() -> { while (flag >= 0) { if (flag == 1) Thread.onSpinWait(); else Thread.onSpinWait(); } });
        spinner.setDaemon(true);
        for (int round = 0; round < 6; round++) {
            if (round == 3) { spinner.start(); Thread.sleep(10); }
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 20; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 20000; i++) Elementwise.add(n, buf, 0, buf, offB, buf, 0);
                best = Math.min(best, (System.nanoTime() - t0) / 20000);
            }
            System.out.println((round >= 3 ? "with spinner" : "alone") + ": 16 KiB in place " + best + " ns");
        }
    }
}
