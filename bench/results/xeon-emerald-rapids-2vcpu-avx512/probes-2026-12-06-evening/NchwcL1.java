package dev.resvec.kernels.vector;
public class NchwcL1 {
    public static void main(String[] a) {
        int C = Integer.parseInt(a[0]), P = Integer.parseInt(a[1]), K = 32;
        float[] x = new float[C * P], w = new float[K * C], y = new float[K * P], bias = new float[K];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) * .01f;
        for (int i = 0; i < w.length; i++) w[i] = (i % 5) * .01f;
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime(); long n = 0;
            while (System.nanoTime() - t0 < 300_000_000L) { Nchwc.conv(x, C, P, w, K, y, bias, C, P); n++; }
            double t = (System.nanoTime() - t0) / 1e9 / n;
            System.out.printf("C %d P %d: %.0f GFLOP/s%n", C, P, 2.0 * C * K * P / t / 1e9);
        }
    }
}
