import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.*;
/** 4 KiB add: the public entry (parallel overload, single thread), the plain overload, and the kernel itself, alternated. */
public final class SmallCall {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]) / 4, gap = 272; boolean in = args.length > 1 && args[1].equals("in");
        float[] buf = new float[3 * n + 2 * gap]; int offB = n + gap, offOut = in ? 0 : 2 * (n + gap);
        ElementwiseKernels k = Backends.active().elementwise();
        Parallelism one = Parallelism.singleThread();
        String[] names = {"parallel overload", "plain overload", "kernel"};
        double[][] t = new double[3][12];
        for (int round = 0; round < 16; round++) {
            for (int w = 0; w < 3; w++) {
                long t0 = System.nanoTime(); int calls = 0;
                while (System.nanoTime() - t0 < 50_000_000L) {
                    for (int i = 0; i < 256; i++) {
                        if (w == 0) Elementwise.add(n, buf, 0, buf, offB, buf, offOut, one);
                        else if (w == 1) Elementwise.add(n, buf, 0, buf, offB, buf, offOut);
                        else k.add(n, buf, 0, buf, offB, buf, offOut);
                    }
                    calls += 256;
                }
                if (round >= 4) t[w][round - 4] = (System.nanoTime() - t0) / (double) calls;
            }
        }
        for (int w = 0; w < 3; w++) { java.util.Arrays.sort(t[w]); System.out.printf("%s: median %.1f ns/call (%.1f-%.1f)%n", names[w], t[w][6], t[w][0], t[w][11]); }
    }
}
