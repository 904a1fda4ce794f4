import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.ParallelRunner;
import java.util.*;
/** ns per call of the residual add, 1 and 2 threads, in place and out of place; and an empty 2-share call. Args: bytes... */
public final class AddNs {
    static double med(Runnable r) {
        long end = System.nanoTime() + 300_000_000L; while (System.nanoTime() < end) r.run();
        List<Double> ts = new ArrayList<>();
        for (int it = 0; it < 101; it++) { long t0 = System.nanoTime(); for (int i = 0; i < 100; i++) r.run(); ts.add((System.nanoTime() - t0) / 100.0); }
        Collections.sort(ts); return ts.get(50);
    }
    public static void main(String[] args) {
        Parallelism p1 = Parallelism.threads(1), p2 = Parallelism.threads(2);
        int[] box = new int[64];
        System.out.printf("empty 2-share call: %.0f ns%n", med(() -> ParallelRunner.run(2, p2, s -> box[s * 16]++)));
        for (String s : args) for (boolean inPlace : new boolean[] {true, false}) {
            int n = Integer.parseInt(s) / 4;
            float[] a = new float[n], b = new float[n], o = new float[n];
            Arrays.fill(a, 1f); Arrays.fill(b, 2f);
            float[] out = inPlace ? a : o;
            double t1 = med(() -> Elementwise.add(n, a, 0, b, 0, out, 0, p1));
            double t2 = med(() -> Elementwise.add(n, a, 0, b, 0, out, 0, p2));
            System.out.printf("%8d B %s 1T %8.0f ns  2T %8.0f ns  (2T %6.1f GB/s)%n", n * 4, inPlace ? "inplace" : "oop    ", t1, t2, 12.0 * n / t2);
        }
    }
}
