import dev.resvec.kernels.*;
import java.util.concurrent.*;
public final class Adjacent {
    static double run(float[] buf, int off, int offB, int n, long millis) {
        long calls = 0, t0 = System.nanoTime(), end = t0 + millis * 1_000_000L, t;
        do { for (int i = 0; i < 64; i++) Elementwise.add(n, buf, off, buf, offB, buf, off); calls += 64; } while ((t = System.nanoTime()) < end);
        return (t - t0) / (double) calls;
    }
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]) / 4, h = n / 2, gap = 272, base = Integer.parseInt(args[1]);
        float[] buf = new float[6 * n + 40000];
        var ex = Executors.newSingleThreadExecutor(r -> { Thread th = new Thread(r); th.setDaemon(true); return th; });
        for (int round = 0; round < 4; round++) {
            for (int spacing : new int[] {0, 4096}) { // second half's start: right after the first, or 16 KiB further
                float[] b2 = buf; int off2 = base + h + spacing;
                // first half: a[0..h), b[n+gap..); second: a[off2..), b[n+gap+off2..)
                double alone = run(buf, base, n + gap + 8192, h, 200);
                CompletableFuture<Double> other = CompletableFuture.supplyAsync(() -> run(b2, off2, n + gap + 8192 + off2, h, 300), ex);
                double together = run(buf, base, n + gap + 8192, h, 300);
                System.out.printf("half %d B, spacing %d floats: alone %.0f; together %.0f and %.0f ns/call%n", h * 4, spacing, alone, together, other.get());
            }
        }
    }
}
