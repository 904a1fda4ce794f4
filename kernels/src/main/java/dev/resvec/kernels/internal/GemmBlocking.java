package dev.resvec.kernels.internal;

/**
 * The BLIS blocking parameters of one microkernel on this machine's caches.
 *
 * <p>MR×NR is the microkernel's register tile. KC, MC and NC follow the analytical model of Low et al., "Analytical
 * Modeling Is Enough for High-Performance BLIS" (ACM TOMS 43(2), 2016), simplified: the KC×NR micro-panel of B
 * fills L1 (the model says half of it; but Java cannot prefetch C as BLIS's kernels do, and every PC block reads and
 * writes all of C once more, so fewer, deeper blocks win: on a Zen 3 core, 1024³ ran at 49-59 GFLOP/s with KC = 168
 * (half of L1), 62-71 with KC = 384); the MC×KC block of A fills half of L2;
 * the KC×NC panel of B fills half of this core's share of L3. MC is a multiple of MR and NC of NR, so that
 * every thread's tiles line up with the same global grid.
 *
 * @param mr rows of the register tile
 * @param nr columns of the register tile
 * @param kc depth of a packed block (the PC loop's step)
 * @param mc rows of a packed block of A (the IC loop's step)
 * @param nc columns of a packed panel of B (the JC loop's step)
 */
public record GemmBlocking(int mr, int nr, int kc, int mc, int nc) {

    /**
     * @param mr         register tile rows
     * @param nr         register tile columns
     * @param bytesPerEl element size in the packed buffers
     * @param caches     the cache sizes to fit
     * @return the blocking for this microkernel and these caches
     */
    public static GemmBlocking forCaches(int mr, int nr, int bytesPerEl, CacheSizes caches) {
        int kc = clamp((int) (caches.l1() / ((long) nr * bytesPerEl)), 128, 512) & ~7;
        kc = Math.max(1, Integer.getInteger("resvec.gemm.kc", kc));
        int mc = clamp((int) (caches.l2() / 2 / ((long) kc * bytesPerEl)), mr, 1024);
        mc = Integer.getInteger("resvec.gemm.mc", mc);
        mc = Math.max(mr, mc / mr * mr);
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        int nc = clamp((int) (caches.l3() / cores / 2 / ((long) kc * bytesPerEl)), nr, 4096);
        nc = Integer.getInteger("resvec.gemm.nc", nc);
        nc = Math.max(nr, nc / nr * nr);
        return new GemmBlocking(mr, nr, kc, mc, nc);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
