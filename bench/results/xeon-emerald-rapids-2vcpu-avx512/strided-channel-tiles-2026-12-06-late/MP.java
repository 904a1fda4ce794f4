import dev.resvec.kernels.*;
import java.util.*;
public class MP {
    public static void main(String[] args) {
        PoolShape s = PoolShape.of(1, 64, 112, 112, 3, 2, 1);
        Random r = new Random(1);
        int copies = 8;
        float[][] x = new float[copies][s.inputSize()];
        for (float[] a : x) for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - .5f;
        float[] y = new float[s.outputSize()];
        for (int round = 0; round < 5; round++) {
            double hot = time(() -> Pooling.maxForward(s, x[0], 0, y, 0, null, 0));
            int[] k = {0};
            double cold = time(() -> Pooling.maxForward(s, x[k[0]++ % copies], 0, y, 0, null, 0));
            System.out.printf("hot %.3f ms  cold %.3f ms%n", hot, cold);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[3000]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 400_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}
