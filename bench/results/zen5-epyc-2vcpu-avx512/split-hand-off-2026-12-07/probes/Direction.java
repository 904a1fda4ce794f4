import jdk.incubator.vector.*;
import java.util.concurrent.*;
public final class Direction {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED; static final int VL = F.length();
    static void fwd(float[] x, int offA, int offB, int n) { for (int i = 0; i < n; i += VL) FloatVector.fromArray(F, x, offA + i).add(FloatVector.fromArray(F, x, offB + i)).intoArray(x, offA + i); }
    static void bwd(float[] x, int offA, int offB, int n) { for (int i = n - VL; i >= 0; i -= VL) FloatVector.fromArray(F, x, offA + i).add(FloatVector.fromArray(F, x, offB + i)).intoArray(x, offA + i); }
    static double run(float[] buf, int off, int offB, int n, boolean back, long millis) {
        long calls = 0, t0 = System.nanoTime(), end = t0 + millis * 1_000_000L, t;
        do { for (int i = 0; i < 64; i++) { if (back) bwd(buf, off, offB, n); else fwd(buf, off, offB, n); } calls += 64; } while ((t = System.nanoTime()) < end);
        return (t - t0) / (double) calls;
    }
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]) / 4, h = n / 2, gap = 272, base = 16;
        float[] buf = new float[6 * n + 40000];
        var ex = Executors.newSingleThreadExecutor(r -> { Thread th = new Thread(r); th.setDaemon(true); return th; });
        for (int round = 0; round < 4; round++) {
            for (boolean back : new boolean[] {false, true}) {
                int off2 = base + h, offB = base + n + gap;
                double alone = run(buf, base, offB, h, back, 200);
                CompletableFuture<Double> other = CompletableFuture.supplyAsync(() -> run(buf, off2, offB + h, h, false, 300), ex);
                double together = run(buf, base, offB, h, back, 300);
                System.out.printf("half %d B adjacent, first half %s: alone %.0f; together %.0f and %.0f ns/call%n", h * 4, back ? "backward" : "forward", alone, together, other.get());
            }
        }
    }
}
