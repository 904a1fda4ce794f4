import dev.resvec.kernels.*;
import java.util.*;
public final class AddProbe {
    public static void main(String[] args) {
        int bytes = Integer.parseInt(args[0]); int n = bytes / 4;
        int stagger = 17 * 64 / 4;
        // peer layout: one array, a, b, out staggered
        int region = (n + 1023) / 1024 * 1024 + 1024;
        float[] buf = new float[3 * region + 64];
        int offA = 0, offB = region + stagger, offOut = 2 * region + 2 * stagger;
        Arrays.fill(buf, 1f);
        for (String mode : new String[]{"oop1", "oop2", "in1", "in2", "oop1", "oop2", "in1", "in2"}) {
            Parallelism p = mode.endsWith("2") ? Parallelism.threads(2) : Parallelism.singleThread();
            boolean in = mode.startsWith("in");
            List<Double> med = new ArrayList<>();
            for (int rep = 0; rep < 7; rep++) {
                int calls = 200000;
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    if (in) Elementwise.add(n, buf, offA, buf, offB, buf, offA, p);
                    else Elementwise.add(n, buf, offA, buf, offB, buf, offOut, p);
                }
                med.add((System.nanoTime() - t0) / (double) calls);
            }
            Collections.sort(med);
            System.out.printf("%d B %s: %.1f ns/call, %.1f GB/s%n", bytes, mode, med.get(3), 12.0 * n / med.get(3));
        }
    }
}
