import dev.resvec.kernels.*;
import java.util.concurrent.*;
/** Two threads run the same single-threaded work at the same time; prints each one's time per round, and each alone. Args: rounds n */
public final class TwinSpeed {
    static double work(int n, float[] a, float[] b, float[] c, int reps) {
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), Parallelism.singleThread());
        return (System.nanoTime() - t0) / 1e6;
    }
    public static void main(String[] x) throws Exception {
        int rounds = Integer.parseInt(x[0]), n = Integer.parseInt(x[1]);
        int reps = (int) Math.max(1, 1e10 / (2.0 * n * n * n));
        float[][] a = new float[2][n * n], b = new float[2][n * n], c = new float[2][n * n];
        for (int t = 0; t < 2; t++) for (int i = 0; i < n * n; i++) { a[t][i] = (i % 7) * 0.1f; b[t][i] = (i % 5) * 0.1f; }
        for (int i = 0; i < 5; i++) work(n, a[0], b[0], c[0], reps);
        for (int r = 0; r < rounds; r++) {
            CyclicBarrier bar = new CyclicBarrier(2);
            double[] tt = new double[2];
            Thread[] th = new Thread[2];
            for (int t = 0; t < 2; t++) { int tid = t; th[t] = new Thread(() -> { try { bar.await(); } catch (Exception e) {} tt[tid] = work(n, a[tid], b[tid], c[tid], reps); }); th[t].start(); }
            for (Thread t : th) t.join();
            double alone = work(n, a[0], b[0], c[0], reps);
            System.out.printf("round %d: together %.1f / %.1f ms (ratio %.2f), alone %.1f ms%n", r, tt[0], tt[1], Math.max(tt[0], tt[1]) / Math.min(tt[0], tt[1]), alone);
        }
    }
}
