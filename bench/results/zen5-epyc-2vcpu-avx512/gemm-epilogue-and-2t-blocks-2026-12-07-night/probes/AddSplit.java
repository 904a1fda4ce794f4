import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.KernelPool;
import java.util.*;
public final class AddSplit {
    public static void main(String[] args) {
        Parallelism forced = Parallelism.on(KernelPool.executor(), 2), pool = Parallelism.threads(2), one = Parallelism.singleThread();
        for (String s : args) {
            int n = Integer.parseInt(s) / 4;
            float[] a = new float[n], b = new float[n];
            Arrays.fill(a, 1f); Arrays.fill(b, 2f);
            Parallelism[] ps = {one, forced, pool};
            String[] names = {"whole", "split", "chooser"};
            StringBuilder sb = new StringBuilder(s + " B in place:");
            for (int round = 0; round < 3; round++) for (int m = 0; m < 3; m++) {
                Parallelism p = ps[m];
                long end = System.nanoTime() + 300_000_000L; while (System.nanoTime() < end) Elementwise.add(n, a, 0, b, 0, a, 0, p);
                List<Double> ts = new ArrayList<>();
                for (int it = 0; it < 300; it++) { long t0 = System.nanoTime(); for (int i = 0; i < 200; i++) Elementwise.add(n, a, 0, b, 0, a, 0, p); ts.add((System.nanoTime() - t0) / 200.0); }
                Collections.sort(ts);
                if (round == 2) sb.append(String.format("  %s %.0f ns (%.0f GB/s)", names[m], ts.get(150), 12.0 * n / ts.get(150)));
            }
            System.out.println(sb);
        }
    }
}
