import java.util.concurrent.atomic.AtomicLong;
public class PingPong {
    static final AtomicLong flag = new AtomicLong();
    public static void main(String[] a) throws Exception {
        int iters = 2_000_000;
        Thread t = new Thread(() -> {
            for (long i = 1; i <= iters; i++) {
                while (flag.get() != 2 * i - 1) Thread.onSpinWait();
                flag.set(2 * i);
            }
        });
        t.setDaemon(true);
        t.start();
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            int n = iters / 3;
            long base = flag.get();
            for (long i = 1; i <= n; i++) {
                long v = flag.get() + 1;
                flag.set(v);
                while (flag.get() != v + 1) Thread.onSpinWait();
            }
            System.out.printf("round trip %.1f ns%n", (System.nanoTime() - t0) / (double) n);
        }
    }
}
