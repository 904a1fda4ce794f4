package dev.resvec.kernels.internal;

import java.util.function.UnaryOperator;

/**
 * The BLIS blocking parameters of one microkernel on this machine's caches.
 *
 * <p>MR×NR is the microkernel's register tile. KC, MC and NC follow the analytical model of Low et al., "Analytical
 * Modeling Is Enough for High-Performance BLIS" (ACM TOMS 43(2), 2016), simplified: the KC×NR micro-panel of B
 * fills L1, or twice L1 for the deep tiles ({@link #DEEP_TILE_ROWS}) (the model says half of it; but Java cannot
 * prefetch C as BLIS's kernels do, and every PC block reads and writes all of C once more, so fewer, deeper blocks
 * win: on a Zen 3 core, 1024³ ran at 49-59 GFLOP/s with KC = 168 (half of L1), 62-71 with KC = 384); the MC×KC
 * block of A fills half of L2;
 * the KC×NC panel of B fills half of this core's share of L3. MC is a multiple of MR and NC of NR, so that
 * every thread's tiles line up with the same global grid. Half of L2 is also the bound on a block of C beyond which
 * the driver sweeps rows of tiles across several strips of B (see {@code BlisGemm}).
 *
 * <p>{@code -Dresvec.gemm.kc}, {@code -Dresvec.gemm.mc} and {@code -Dresvec.gemm.nc} override the three (MC and NC
 * then rounded down to a multiple of MR and NR, at least one tile); a malformed or out-of-range value is an
 * {@link IllegalStateException} ({@link TuningProperty}). The bounds keep a packed block's size, at most about
 * 1.25·KC·NC floats, within an array's.
 *
 * @param mr rows of the register tile
 * @param nr columns of the register tile
 * @param kc depth of a packed block (the PC loop's step)
 * @param mc rows of a packed block of A (the IC loop's step)
 * @param nc columns of a packed panel of B (the JC loop's step)
 * @param sweepBytes half of L2: the largest block of C visited strip by strip, and the strips of B swept together
 */
public record GemmBlocking(int mr, int nr, int kc, int mc, int nc, long sweepBytes) {
    /** The property that overrides KC. */
    public static final String KC = "resvec.gemm.kc";
    /** The property that overrides MC. */
    public static final String MC = "resvec.gemm.mc";
    /** The property that overrides NC. */
    public static final String NC = "resvec.gemm.nc";
    /**
     * Register tiles of at least this many rows (AVX-512's and AArch64's 8×32) size the KC×NR micro-panel of B by
     * twice L1: with 16 FMAs per 2 vector loads of B, they run it from L2 at the same speed, and twice the depth halves
     * the passes over C. Measured on the 2-vCPU Zen 5 (whose VM hides its caches: the L1 default of 32 KiB gave
     * KC = 256) with KC = 512 against 256, `GemmAlternation` against OpenBLAS, 1 thread: 1024³ 1.009 against
     * 0.923 of its speed, 256×2304×196 0.931 against 0.876, 256×1024×196 0.903 against 0.848, 2048×512×49 0.868
     * against 0.824; `InferenceAlternation` against ONNX Runtime, 2 threads, separate JVMs in turn: ResNet-50 batch
     * 1 0.755 and 0.740 against 0.702 and 0.721, batch 8 0.839 against 0.823, ResNet-18 batch 1 0.815 against
     * 0.799. The 3×24 AVX2 tile (9 FMAs per 3 loads of B) keeps the one-L1 rule: on the same machine with 256-bit
     * vectors, KC = 512 against 336 read 0.863 against 0.884 of OpenBLAS's Haswell kernels at 1024³ and 0.717
     * against 0.792 on 256×1024×196.
     */
    static final int DEEP_TILE_ROWS = 8;
    /** The deepest block {@code -Dresvec.gemm.kc} may ask for. */
    public static final int MAX_KC = 1 << 14;
    /** The most rows or columns {@code -Dresvec.gemm.mc} or {@code -Dresvec.gemm.nc} may ask for. */
    public static final int MAX_MC_NC = 1 << 16;

    /**
     * @param mr         register tile rows
     * @param nr         register tile columns
     * @param bytesPerEl element size in the packed buffers
     * @param caches     the cache sizes to fit
     * @return the blocking for this microkernel and these caches, with the system properties' overrides
     * @throws IllegalStateException when an override is malformed
     */
    public static GemmBlocking forCaches(int mr, int nr, int bytesPerEl, CacheSizes caches) {
        return forCaches(mr, nr, bytesPerEl, caches, System::getProperty);
    }

    /**
     * As {@link #forCaches(int, int, int, CacheSizes)}, with the overrides from {@code properties} (tests).
     *
     * @throws IllegalStateException when an override is not an integer from 1 to {@value #MAX_KC} (KC) or
     *                               {@value #MAX_MC_NC} (MC, NC)
     */
    public static GemmBlocking forCaches(int mr, int nr, int bytesPerEl, CacheSizes caches,
                                         UnaryOperator<String> properties) {
        long panelBytes = mr >= DEEP_TILE_ROWS ? 2 * caches.l1() : caches.l1();
        int kc = clamp(panelBytes / ((long) nr * bytesPerEl), 128, 512) & ~7;
        kc = TuningProperty.readInt(properties, KC, kc, 1, MAX_KC);
        int mc = clamp(caches.l2() / 2 / ((long) kc * bytesPerEl), mr, 1024);
        mc = TuningProperty.readInt(properties, MC, mc, 1, MAX_MC_NC);
        mc = Math.max(mr, mc / mr * mr);
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        int nc = clamp(caches.l3() / cores / 2 / ((long) kc * bytesPerEl), nr, 4096);
        nc = TuningProperty.readInt(properties, NC, nc, 1, MAX_MC_NC);
        nc = Math.max(nr, nc / nr * nr);
        return new GemmBlocking(mr, nr, kc, mc, nc, caches.l2() / 2);
    }

    /** Clamped in long: an overridden cache size may not fit an int ({@code -Dresvec.cache.l3}). */
    private static int clamp(long v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }
}
