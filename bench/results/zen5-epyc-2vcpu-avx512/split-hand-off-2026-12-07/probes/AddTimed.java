import dev.resvec.kernels.*;
import java.util.*;
/** args: bytes threads mode(in|oop) seconds rounds. Peer layout (one array, 17*64 B stagger). */
public final class AddTimed {
    public static void main(String[] args) {
        int bytes = Integer.parseInt(args[0]); int n = bytes / 4;
        int threads = Integer.parseInt(args[1]); boolean in = args[2].equals("in");
        double seconds = Double.parseDouble(args[3]); int rounds = Integer.parseInt(args[4]);
        int gap = 17 * 64 / 4;
        float[] buf = new float[3 * n + 2 * gap];
        Random r = new Random(1); for (int i = 0; i < buf.length; i++) buf[i] = r.nextFloat();
        int offA = 0, offB = n + gap, offOut = 2 * (n + gap);
        Parallelism p = threads == 2 ? Parallelism.threads(2) : Parallelism.singleThread();
        List<Double> gbs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long calls = 0; long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9), t;
            do {
                for (int i = 0; i < 16; i++) {
                    if (in) Elementwise.add(n, buf, offA, buf, offB, buf, offA, p);
                    else Elementwise.add(n, buf, offA, buf, offB, buf, offOut, p);
                }
                calls += 16;
            } while ((t = System.nanoTime()) < end);
            gbs.add(12.0 * n * calls / (t - t0));
        }
        List<Double> s = new ArrayList<>(gbs.subList(1, gbs.size())); Collections.sort(s);
        System.out.printf("ResVec %s %dT %d B: median %.1f GB/s (rounds %s)%n", in ? "inplace" : "oop", threads, bytes, s.get(s.size() / 2), gbs.stream().map(g -> String.format("%.0f", g)).toList());
    }
}
