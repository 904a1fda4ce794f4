package dev.resvec.kernels.internal.conv;

public final class FtProbe2 {
    public static void main(String[] a) {
        WinogradKernels k = WinogradBackends.active();
        WinogradVariant var = WinogradVariant.F4X4_3X3;
        float[] taps = new float[9 * 512];
        for (int i = 0; i < taps.length; i++) taps[i] = (i % 97) / 97f;
        float[] tmp = new float[3 * 6 * 16];
        for (int ps : new int[] {512 + 16, 4096 + 16, 65536 + 16, 262144 + 16}) {
            int chunks = Math.max(1, (ps - 16) / 512);
            float[] out = new float[36 * ps];
            double best = 1e99;
            for (int round = 0; round < 8; round++) {
                long t0 = System.nanoTime();
                int reps = 20000 / chunks + 1;
                for (int r = 0; r < reps; r++)
                    for (int c = 0; c < chunks; c++)
                        k.filterTransform(var, taps, 0, 512, 512, out, c * 512, ps, tmp);
                best = Math.min(best, (System.nanoTime() - t0) / (double) (reps * chunks * 512));
            }
            System.out.printf("pointStride %d: %.2f ns/filter%n", ps, best);
        }
    }
}
