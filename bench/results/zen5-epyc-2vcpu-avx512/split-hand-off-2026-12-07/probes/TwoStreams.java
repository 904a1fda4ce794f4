import dev.resvec.kernels.*;
import java.util.concurrent.*;
public final class TwoStreams {
    static double run(float[] buf, int n, long millis) {
        long calls = 0, t0 = System.nanoTime(), end = t0 + millis * 1_000_000L, t;
        do { for (int i = 0; i < 64; i++) Elementwise.add(n, buf, 0, buf, n + 272, buf, 0); calls += 64; } while ((t = System.nanoTime()) < end);
        return (t - t0) / (double) calls;
    }
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]) / 4;
        float[] b1 = new float[3 * n + 1000], b2 = new float[3 * n + 1000];
        for (int round = 0; round < 4; round++) {
            double alone1 = run(b1, n, 300);
            CompletableFuture<Double> other = CompletableFuture.supplyAsync(() -> run(b2, n, 300), Executors.newSingleThreadExecutor(r -> { Thread th = new Thread(r); th.setDaemon(true); return th; }));
            double together = run(b1, n, 300);
            System.out.printf("%d B in place: alone %.0f ns/call; both at once: %.0f and %.0f%n", n * 4, alone1, together, other.get());
        }
    }
}
