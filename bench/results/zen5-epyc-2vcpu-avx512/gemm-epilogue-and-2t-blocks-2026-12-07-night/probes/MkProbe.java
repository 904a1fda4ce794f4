package dev.resvec.kernels.vector;
import java.util.*;
/** Microkernel store8x2 throughput: A block mc x kc packed, B strips kc x 32, C tile-sized scratch per tile. Args: kc... */
public final class MkProbe {
    static final boolean SWEEP = Boolean.getBoolean("sweep"); static final int GROUP = Integer.getInteger("group", 64);
    public static void main(String[] a) {
        for (int rep = 0; rep < 3; rep++) for (String s : a) {
            int kc = Integer.parseInt(s);
            int mc = 256, strips = Integer.getInteger("strips", 24), NR = 32;
            float[] ap = new float[mc * kc], bp = new float[strips * kc * NR];
            Random r = new Random(1);
            for (int i = 0; i < ap.length; i++) ap[i] = r.nextFloat();
            for (int i = 0; i < bp.length; i++) bp[i] = r.nextFloat();
            int ldc = strips * NR;
            float[] c = new float[mc * ldc];
            double best = 0; List<Double> g = new ArrayList<>();
            for (int it = 0; it < 60; it++) {
                long t0 = System.nanoTime();
                int calls = 0;
                while (calls < 2_000_000 / kc * 8) {
                    if (SWEEP) { for (int gg = 0; gg < strips; gg += GROUP) for (int ir = 0; ir < mc; ir += 8) for (int jr = gg; jr < Math.min(strips, gg + GROUP); jr++) {
                            SgemmMicrokernels.store8x2(kc, ap, ir * kc, bp, jr * kc * NR, c, ir * ldc + jr * NR, ldc);
                            calls++;
                        } } else
                    for (int jr = 0; jr < strips; jr++)
                        for (int ir = 0; ir < mc; ir += 8) {
                            SgemmMicrokernels.store8x2(kc, ap, ir * kc, bp, jr * kc * NR, c, ir * ldc + jr * NR, ldc);
                            calls++;
                        }
                }
                double t = (System.nanoTime() - t0) / 1e9;
                g.add(2.0 * 8 * 32 * kc * calls / t / 1e9);
            }
            Collections.sort(g);
            System.out.printf("kc=%d median %.1f GFLOP/s max %.1f%n", kc, g.get(g.size() / 2), g.get(g.size() - 1));
        }
    }
}
