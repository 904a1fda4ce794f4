package dev.resvec.kernels.vector;
import java.util.Arrays;
public class AlignProbe {
    public static void main(String[] args) {
        int kc = Integer.parseInt(args[0]);
        float[] ap = new float[8 * kc + 64];
        float[] bp = new float[32 * kc + 64];
        float[] c = new float[8 * 32 + 64];
        Arrays.fill(ap, 0.5f); Arrays.fill(bp, 0.25f);
        for (int round = 0; round < 3; round++) {
            StringBuilder sb = new StringBuilder("B off:");
            for (int off = 0; off < 16; off++) {
                double ns = time(kc, ap, 0, bp, off, c, 0);
                sb.append(String.format(" %d:%.0f", off, 2.0 * 8 * 32 * kc / ns));
            }
            System.out.println(sb);
            sb = new StringBuilder("C off:");
            for (int off = 0; off < 16; off += 4) {
                double ns = time(kc, ap, 0, bp, 0, c, off);
                sb.append(String.format(" %d:%.0f", off, 2.0 * 8 * 32 * kc / ns));
            }
            System.out.println(sb);
        }
    }
    static double time(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co) {
        for (int i = 0; i < 20000; i++) SgemmMicrokernels.store8x2(kc, ap, ao, bp, bo, c, co, 32);
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 50; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < 200; i++) SgemmMicrokernels.store8x2(kc, ap, ao, bp, bo, c, co, 32);
            best = Math.min(best, System.nanoTime() - t);
        }
        return best / 200.0;
    }
}
