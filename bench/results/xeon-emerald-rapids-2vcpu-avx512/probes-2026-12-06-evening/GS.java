import dev.resvec.kernels.*;
import java.util.*;
public class GS {
    public static void main(String[] args) {
        Parallelism one = Parallelism.threads(1);
        for (String sh : args) {
            String[] p = sh.split(",");
            int m = Integer.parseInt(p[0]), n = Integer.parseInt(p[1]), k = Integer.parseInt(p[2]);
            int copies = p.length > 3 ? Integer.parseInt(p[3]) : 1;
            Random r = new Random(1);
            float[] a = new float[m * k], c = new float[m * n];
            float[][] b = new float[copies][k * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - .5f;
            for (float[] bb : b) for (int i = 0; i < bb.length; i++) bb[i] = r.nextFloat() - .5f;
            PackedMatrix pm = Gemm.pack(false, m, k, a, 0, k);
            double[] t = new double[9];
            int ci = 0;
            for (int round = 0; round < 9; round++) {
                long t0 = System.nanoTime(); int calls = 0;
                while (System.nanoTime() - t0 < 200_000_000L) { Gemm.sgemm(pm, false, n, 1f, b[ci], 0, n, 0f, c, 0, n, GemmEpilogue.none(), one); ci = (ci + 1) % copies; calls++; }
                t[round] = (System.nanoTime() - t0) / 1e6 / calls;
            }
            Arrays.sort(t);
            System.out.printf("%s: %.0f GFLOP/s%n", sh, 2.0 * m * n * k / t[4] / 1e6);
        }
    }
}
