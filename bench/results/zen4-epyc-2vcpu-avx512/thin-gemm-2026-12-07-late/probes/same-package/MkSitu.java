package dev.resvec.kernels.vector;
/** The library's 8x32 store microkernel (array B) at kc = 256, with A panels and C tiles fixed or streaming. */
public final class MkSitu {
    static final java.lang.foreign.MemorySegment SEG = java.lang.foreign.Arena.ofAuto().allocate(7L * 32 * 512 * 4, 64);
    public static void main(String[] x) {
        int kc = Integer.parseInt(x[0]), panels = 128, cols = 7; // like 1024 rows x 224 columns
        float[] a = new float[panels * 8 * kc], b = new float[cols * 32 * kc], c = new float[panels * 8 * cols * 32];
        java.util.Arrays.fill(a, 0.5f); java.util.Arrays.fill(b, 0.25f);
        int ldc = cols * 32;
        for (int rep = 0; rep < 4; rep++) for (int mode = 0; mode < 8; mode++) {
            boolean streamA = (mode & 1) != 0, streamC = (mode & 2) != 0, seg = (mode & 4) != 0;
            long t0 = System.nanoTime(); long calls = 0;
            for (int it = 0; it < 40; it++)
                for (int jr = 0; jr < cols; jr++) for (int ir = 0; ir < panels; ir++) {
                    int ao = streamA ? ir * 8 * kc : 0, ci = streamC ? ir * 8 * ldc + jr * 32 : 0;
                    if (seg) SgemmSegmentMicrokernels.store8x2(kc, a, ao, SEG, (long) jr * 32 * kc, c, ci, ldc); else SgemmMicrokernels.store8x2(kc, a, ao, b, jr * 32 * kc, c, ci, ldc); calls++;
                }
            double gf = 2.0 * 8 * 32 * kc * calls / (System.nanoTime() - t0);
            if (rep > 0) System.out.printf("kc=%d streamA=%b streamC=%b segment=%b: %.1f GFLOP/s%n", kc, streamA, streamC, seg, gf);
        }
    }
}
