package dev.resvec.kernels.vector;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.internal.GemmWriteBack;
/** The microkernel through VectorSgemm.microkernel (the library's dispatch), with and without a bias+ReLU epilogue. */
public final class MkPath {
    static final java.lang.foreign.MemorySegment SEG = java.lang.foreign.Arena.ofAuto().allocate(7L * 32 * 512 * 4, 64);
    public static void main(String[] x) {
        int kc = Integer.parseInt(x[0]), panels = 128, cols = 7;
        float[] a = new float[panels * 8 * kc], c = new float[panels * 8 * cols * 32], tile = new float[8 * 32], bias = new float[panels * 8];
        java.util.Arrays.fill(a, 0.5f);
        int ldc = cols * 32;
        VectorSgemm k = new VectorSgemm();
        GemmWriteBack plain = new GemmWriteBack(c, 0, ldc, 1f, 0f, GemmEpilogue.none());
        GemmWriteBack epi = new GemmWriteBack(c, 0, ldc, 1f, 0f, GemmEpilogue.none().withRowBias(bias, 0).withRelu());
        for (int rep = 0; rep < 4; rep++) for (int mode = 0; mode < 4; mode++) {
            GemmWriteBack wb = (mode & 1) == 0 ? plain : epi; boolean sweep = mode >= 2;
            long t0 = System.nanoTime(); long calls = 0;
            for (int it = 0; it < 40; it++)
                if (!sweep) { for (int jr = 0; jr < cols; jr++) for (int ir = 0; ir < panels; ir++) {
                    k.microkernel(kc, a, ir * 8 * kc, SEG, (long) jr * 32 * kc, wb, ir * 8, jr * 32, 8, 32, true, true, tile); calls++;
                } } else { for (int ir = 0; ir < panels; ir++) for (int jr = 0; jr < cols; jr++) {
                    k.microkernel(kc, a, ir * 8 * kc, SEG, (long) jr * 32 * kc, wb, ir * 8, jr * 32, 8, 32, true, true, tile); calls++;
                } }
            double gf = 2.0 * 8 * 32 * kc * calls / (System.nanoTime() - t0);
            if (rep > 0) System.out.printf("kc=%d %s %s: %.1f GFLOP/s%n", kc, (mode & 1) == 0 ? "plain (from registers)" : "bias+relu (scratch tile)", sweep ? "IR outer, JR inner" : "JR outer, IR inner", gf);
        }
    }
}
