import dev.resvec.kernels.*;
import java.io.*;
import java.util.*;
/** args: stream_add-binary rounds size1,size2,... : alternates ResVec's add with the C loop (a subprocess) per size. */
public final class AddPeerAlt {
    static String THREADS = "1,2";
    static double resvec(float[] buf, int n, int offA, int offB, int offOut, boolean in, Parallelism p, long millis) {
        long calls = 0; long t0 = System.nanoTime(), end = t0 + millis * 1_000_000L, t;
        int batch = Math.max(1, (1 << 20) / n);
        do {
            for (int i = 0; i < batch; i++) {
                if (in) Elementwise.add(n, buf, offA, buf, offB, buf, offA, p);
                else Elementwise.add(n, buf, offA, buf, offB, buf, offOut, p);
            }
            calls += batch;
        } while ((t = System.nanoTime()) < end);
        return 12.0 * n * calls / (t - t0);
    }
    static Map<String, Double> peer(String bin, int bytes) throws Exception {
        Process pr = new ProcessBuilder(bin, "-t", THREADS, "-r", "1", "-m", "" + bytes, "-M", "" + bytes, "-s", "40")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Double> m = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(pr.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(",");
                if (f[0].equals("stream-add")) m.put(f[1] + f[2] + f[3], Double.parseDouble(f[6]));
            }
        }
        pr.waitFor();
        return m;
    }
    public static void main(String[] args) throws Exception {
        String bin = args[0]; int rounds = Integer.parseInt(args[1]);
        int[] sizes = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        if (args.length > 3 && !args[3].contains("1")) THREADS = "2";
        String[] cells = args.length > 3 ? args[3].split(",") : new String[]{"inplace1free", "inplace2join", "oop1free", "oop2join"};
        Map<String, List<Double>> ratios = new TreeMap<>(), ours = new TreeMap<>(), theirs = new TreeMap<>();
        { // warm-up: every cell for a second on a small array, so that the first size measured is not the JIT's
            int n = 4096, gap = 272; float[] buf = new float[3 * n + 2 * gap];
            for (String cell : cells) {
                Parallelism p = cell.contains("2") ? Parallelism.threads(2) : Parallelism.singleThread();
                resvec(buf, n, 0, n + gap, 2 * (n + gap), cell.startsWith("inplace"), p, 1000);
            }
        }
        for (int bytes : sizes) {
            int n = bytes / 4, gap = 17 * 64 / 4;
            float[] buf = new float[3 * n + 2 * gap];
            Random rnd = new Random(1); for (int i = 0; i < buf.length; i++) buf[i] = rnd.nextFloat();
            int offA = 0, offB = n + gap, offOut = 2 * (n + gap);
            for (int round = 0; round <= rounds; round++) {
                Map<String, Double> peer = null;
                if (round % 2 == 1) peer = peer(bin, bytes);
                Map<String, Double> mine = new HashMap<>();
                for (String cell : cells) {
                    boolean in = cell.startsWith("inplace");
                    Parallelism p = cell.contains("fixedXX") ? Parallelism.on(dev.resvec.kernels.internal.KernelPool.executor(), 2) : cell.contains("2") ? Parallelism.threads(2) : Parallelism.singleThread();
                    Thread.sleep(20);
                    mine.put(cell, resvec(buf, n, offA, offB, offOut, in, p, 80)); if (System.getenv("DEBUGALT") != null) System.out.printf("round %d %s %.1f%n", round, cell, mine.get(cell));
                }
                if (peer == null) peer = peer(bin, bytes);
                if (round == 0) continue; // warm-up
                for (String cell : cells) {
                    String key = String.format("%9d %s", bytes, cell);
                    String pk = cell.replace("fixed", "join"); ratios.computeIfAbsent(key, k -> new ArrayList<>()).add(mine.get(cell) / peer.get(pk));
                    ours.computeIfAbsent(key, k -> new ArrayList<>()).add(mine.get(cell));
                    theirs.computeIfAbsent(key, k -> new ArrayList<>()).add(peer.get(pk));
                }
            }
        }
        for (String key : ratios.keySet()) {
            System.out.printf("%s ours %6.1f peer %6.1f GB/s ratio median %.2f (%.2f-%.2f)%n", key, med(ours.get(key)),
                    med(theirs.get(key)), med(ratios.get(key)), Collections.min(ratios.get(key)), Collections.max(ratios.get(key)));
        }
    }
    static double med(List<Double> l) { List<Double> s = new ArrayList<>(l); Collections.sort(s); int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2; }
}
