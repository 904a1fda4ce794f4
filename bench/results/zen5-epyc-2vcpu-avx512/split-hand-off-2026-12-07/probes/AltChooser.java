import dev.resvec.kernels.*;
public final class AltChooser {
    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]); int n = bytes / 4, gap = 272; boolean in = args[1].equals("in");
        float[] buf = new float[3 * n + 2 * gap];
        Parallelism fixed = Parallelism.on(dev.resvec.kernels.internal.KernelPool.executor(), 2), adaptive = Parallelism.threads(2);
        StringBuilder sf = new StringBuilder("fixed   "), sa = new StringBuilder("adaptive");
        for (int round = 0; round < 16; round++) {
            Parallelism p = args.length > 2 ? (args[2].equals("fixed") ? fixed : adaptive) : round % 2 == 0 ? fixed : adaptive;
            long t0 = System.nanoTime(); long calls = 0;
            while (System.nanoTime() - t0 < 100_000_000L) { Elementwise.add(n, buf, 0, buf, n + gap, buf, in ? 0 : 2 * (n + gap), p); calls++; }
            if (round >= 4) (round % 2 == 0 ? sf : sa).append(String.format(" %5.0f", 1e8 / calls));
        }
        System.out.println(bytes + " " + args[1] + " ns/call\n" + sf + "\n" + sa);
    }
}
