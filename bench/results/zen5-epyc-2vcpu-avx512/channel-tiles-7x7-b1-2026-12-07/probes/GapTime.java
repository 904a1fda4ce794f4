import dev.resvec.kernels.*;
import java.util.*;
public final class GapTime {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), sp = Integer.parseInt(a[1]);
        float[] in = new float[c * sp], out = new float[c];
        Random r = new Random(1); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
        for (int round = 0; round < 10; round++) {
            long t0 = System.nanoTime(); int calls = 0;
            while (System.nanoTime() - t0 < 200_000_000L) { Pooling.globalAvgForward(1, c, sp, in, 0, out, 0); calls++; }
            System.out.printf("%d x %d: %.2f us%n", c, sp, (System.nanoTime() - t0) / 1e3 / calls);
        }
    }
}
