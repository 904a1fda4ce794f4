package dev.resvec.kernels.vector;

public class MkProbe {
    public static void main(String[] a) {
        int kc = Integer.parseInt(a[0]);
        float[] ap = new float[8 * kc], bp = new float[kc * 32], c = new float[8 * 32];
        for (int i = 0; i < ap.length; i++) ap[i] = (i % 7) * 0.01f;
        for (int i = 0; i < bp.length; i++) bp[i] = (i % 5) * 0.01f;
        for (int round = 0; round < 8; round++) {
            long calls = 200000L * 256 / kc;
            long t0 = System.nanoTime();
            for (long i = 0; i < calls; i++) SgemmMicrokernels.store8x2(kc, ap, 0, bp, 0, c, 0, 32);
            long t1 = System.nanoTime();
            double gf = 2.0 * 8 * 32 * kc * calls / (t1 - t0);
            long t2 = System.nanoTime();
            float s = FmaPeakProbe.run(20_000_000, 0.5f);
            long t3 = System.nanoTime();
            double peak = 2.0 * FmaPeakProbe.CHAINS * FmaPeakProbe.lanes() * 20_000_000 / (t3 - t2);
            System.out.printf("kc %d microkernel %.1f GFLOP/s, fma peak %.1f (%s)%n", kc, gf, peak, c[5] + s);
        }
    }
}
