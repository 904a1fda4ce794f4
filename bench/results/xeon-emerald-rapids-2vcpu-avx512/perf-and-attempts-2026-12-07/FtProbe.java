package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.Parallelism;

public final class FtProbe {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        Parallelism par = threads == 1 ? Parallelism.singleThread() : Parallelism.threads(threads);
        for (String v : new String[] {"F4", "F2"}) {
            WinogradVariant var = v.equals("F4") ? WinogradVariant.F4X4_3X3 : WinogradVariant.F2X2_3X3;
            for (int ch : new int[] {64, 128, 256, 512}) {
                float[] w = new float[ch * ch * 9];
                for (int i = 0; i < w.length; i++) w[i] = (i * 7919 % 1000) / 1000f;
                WinogradKernels k = WinogradBackends.active();
                int reps = Math.max(5, (int) (2_000_000_000L / ((long) ch * ch * 400)));
                double best = 1e99;
                for (int round = 0; round < 5; round++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        WinogradFilter.transform(var, k, ch, ch, w, 0, false, false, WinogradScratch.get()::filter, par);
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / (double) reps);
                }
                System.out.printf("%s %d: %.3f ms, %.2f ns/filter, %.1f GB/s written%n", v, ch, best / 1e6,
                        best / ((double) ch * ch), (double) ch * ch * var.points() * 4 / best);
            }
        }
    }
}
