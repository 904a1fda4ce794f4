package dev.resvec.kernels.vector;
import java.lang.foreign.*;
/** Microkernel alone: store8x2 over L1-resident panels. Args: kc reps */
public final class MkProbe {
    public static void main(String[] a) {
        int kc = Integer.parseInt(a[0]);
        float[] ap = new float[8 * kc];
        MemorySegment bp = Arena.global().allocate((long) 32 * kc * 4, 64);
        for (int i = 0; i < ap.length; i++) ap[i] = 0.001f * (i % 7);
        float[] c = new float[8 * 32 * 4];
        int calls = 2_000_000_000 / (kc * 16 * 16);
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) SgemmSegmentMicrokernels.store8x2(kc, ap, 0, bp, 0, c, 0, 32);
            long t = System.nanoTime() - t0;
            System.out.printf("kc=%d: %.1f GFLOP/s (%.1f ns/call)%n", kc, 2.0 * calls * kc * 8 * 32 / t, (double) t / calls);
        }
    }
}
