import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelRunner;
import java.util.*;
public final class HandOff {
    static volatile int sink;
    public static void main(String[] a) {
        Parallelism par = Parallelism.threads(2);
        int[] box = new int[64];
        for (int rep = 0; rep < 5; rep++) {
            List<Double> ts = new ArrayList<>();
            for (int it = 0; it < 200; it++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 1000; i++) ParallelRunner.run(2, par, s -> box[s * 16]++);
                ts.add((System.nanoTime() - t0) / 1000.0);
            }
            Collections.sort(ts);
            System.out.printf("empty 2-share parallel call: median %.0f ns, p10 %.0f, p90 %.0f%n", ts.get(100), ts.get(20), ts.get(180));
        }
    }
}
