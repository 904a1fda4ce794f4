import dev.resvec.kernels.*;
public final class AltHead {
    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]); int n = bytes / 4, gap = 272; boolean in = args[1].equals("in");
        float[] buf = new float[3 * n + 2 * gap];
        Parallelism fixed = Parallelism.on(dev.resvec.kernels.internal.KernelPool.executor(), 2);
        StringBuilder so = new StringBuilder("old "), sn = new StringBuilder("new ");
        java.util.List<Double> r = new java.util.ArrayList<>();
        double last = 0;
        for (int round = 0; round < 20; round++) {
            boolean old = round % 2 == 0; System.setProperty("abhead", old ? "old" : "new");
            long t0 = System.nanoTime(); long calls = 0;
            while (System.nanoTime() - t0 < 100_000_000L) { for (int i = 0; i < 16; i++) Elementwise.add(n, buf, 0, buf, n + gap, buf, in ? 0 : 2 * (n + gap), fixed); calls += 16; }
            double ns = 1e8 / calls;
            if (round >= 4) { (old ? so : sn).append(String.format(" %5.0f", ns)); if (!old) r.add(last / ns); }
            last = ns;
        }
        java.util.Collections.sort(r);
        System.out.println(bytes + " " + args[1] + " ns/call (always split)\n" + so + "\n" + sn + "\nspeedup median " + String.format("%.3f", r.get(r.size() / 2)));
    }
}
