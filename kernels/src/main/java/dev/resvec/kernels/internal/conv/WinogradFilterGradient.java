package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.ParallelRunner;
import dev.resvec.kernels.internal.Settled;
import dev.resvec.kernels.internal.TuningProperty;
import dev.resvec.kernels.scalar.ScalarWinogradGradientKernels;
import dev.resvec.kernels.vector.VectorWinogradGradientKernels;
import java.util.Arrays;

/**
 * The filter gradient of a 3×3 stride-1 convolution in the Winograd F(2×2,3×3) domain (Lavin &amp; Gray, "Fast
 * Algorithms for Convolutional Neural Networks", CVPR 2016): for every output channel k and input channel c,
 * <pre>  ∂L/∂w[k][c] = Gᵀ · ( Σ_{n, tiles} (A·∂Y_{n,k}·Aᵀ) ⊙ (Bᵀ·d_{n,c}·B) ) · G</pre>
 * the adjoint of the forward pass {@code Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A} (matrices in {@link WinogradGradientKernels}).
 * The sum over the 2×2 output tiles is one GEMM per transformed point, {@code ∂U[ξ] (K×C) = M[ξ]ᵀ·V[ξ]} with the tiles
 * as its depth: 16 multiply-adds per tile and filter where the direct sum does 36 (4 positions × 9 taps). The input and the output gradient are first copied channels-last (zero-padded to whole tiles), so
 * that both transforms work on vectors of channels and write {@code V[ξ]} (T×C) and {@code M[ξ]} (T×K) as the GEMM
 * reads them.
 *
 * <p>Why: as an im2col GEMM the filter gradient copies 9 columns per input float, and on the shifted rows
 * ({@link ShiftedFilterGradient}) it does all 36 multiply-adds of a 2×2 output tile per filter element; the
 * transformed products need 16 (the measurements are at {@link #pays}).
 *
 * <p>Work: the images are taken in blocks whose V and M fit {@link #blockFloats}; per block the images' copies and
 * transforms are shared out by image (or, with fewer images than threads, by bands of tile rows, each band copying
 * the rows its windows read), then the 16 points' GEMMs by point (each single-threaded, the later blocks
 * adding to ∂U with beta = 1), then the output channels' final transforms: every element takes the same operations in
 * the same order for every thread count.
 *
 * <p>Error ({@link #roundings}): every term {@code M[ξ][t][k]·V[ξ][t][c]} passes two roundings in each transform (one
 * per 1-D pass: sums of two values, the ±1 entries exact), one in the product, at most T − 1 + nb − 1 + blocks − 1 in
 * the sums over the tiles (T tiles in a block, nb depth blocks of its GEMM, one add per later image block), and four
 * in {@code Gᵀ·G}
 * (two per pass; × ½ is exact): on Φ, the magnitude of every term the transformed sums carry, at most 16 times
 * Σ|∂y·x| summed over the 4×4 window's offsets (the product of the matrices' absolute row sums), not over the
 * element's own tap: as for the Winograd forward pass, the bound relative to the element's own Σ|∂y·x| is measured
 * ({@code ConvErrorBound}).
 */
public final class WinogradFilterGradient {
    /** The property that turns this filter gradient off (then the GEMM's or the shifted rows' runs). */
    static final String ENABLED = "resvec.conv.winogradFilterGradient";
    /**
     * Floats of V and M together per block of images, at least: 1 MiB, so that the GEMMs find them in the cache the
     * transforms just wrote. Zen 5, 1 thread, 4 MiB against 16 MiB: 32@16×16 at batch 64 4.43 → 3.66 ms, 128@28×28 at
     * batch 8 13.96 → 11.93; with 256-bit vectors 5.37 → 4.10 and 14.56 → 11.55. Xeon (Emerald Rapids, 2 MiB of L2),
     * 1 MiB against 4 MiB, alternated in one JVM (medians of 5 rounds): 32@16×16 at batch 64 3.25 → 2.96 ms on 1
     * thread, 1.78 → 1.73 on 2; 64@8×8 2.25 → 2.02 and 1.18 → 1.17; 512 KiB ran faster still on 1 thread (2.83, 1.99)
     * but 1.46× slower on 2 (a block of 2 images split between the threads), and a block does not depend on the
     * threads, so that the bits do not. Layers whose V and M of one image exceed a block (128@28×28) do not change.
     */
    static final int MIN_BLOCK_FLOATS = 1 << 18;
    /** The most floats of V and M per block: 32 MiB. */
    static final int MAX_BLOCK_FLOATS = 1 << 23;
    /** Fewest channels in and out for which {@link #pays}: below, V and M cost more traffic than the products save. */
    static final int MIN_CHANNELS = 32;
    /** Fewest 2×2 output tiles over the batch (the products' depth) for which {@link #pays}; wide layers need more. */
    static final int MIN_TILES = 48;
    /** Below this many multiply-adds in all, one thread is faster than a hand-off. */
    static final long MIN_PARALLEL_WORK = 1L << 18;

    private WinogradFilterGradient() {}

    private static final class Enabled {
        static final Settled<Boolean> SYSTEM = Settled.of(
                () -> TuningProperty.parseFlag(ENABLED, System.getProperty(ENABLED), true));
    }

    private static final class VectorHolder {
        static final WinogradGradientKernels INSTANCE = VectorWinogradGradientKernels.create();
    }

    private static final class ScalarHolder {
        static final WinogradGradientKernels INSTANCE = ScalarWinogradGradientKernels.create();
    }

    /** @return the lanes of {@code backend}'s gradient kernels */
    public static int lanes(Backend backend) {
        return kernels(backend).lanes();
    }

    /** @return the gradient kernels matching {@code backend}'s provider (the vector class loads only if used) */
    static WinogradGradientKernels kernels(Backend backend) {
        return backend.provider().isVector() ? VectorHolder.INSTANCE : ScalarHolder.INSTANCE;
    }

    /**
     * Whether this filter gradient runs instead of the GEMM's or the shifted rows': a 3×3, stride-1, undilated,
     * ungrouped convolution with padding 0 or more, at least {@value #MIN_CHANNELS} channels in and out and at least
     * {@code max(}{@value #MIN_TILES}{@code , min(C, K)/8)} 2×2 output tiles over the batch; off with
     * {@code -Dresvec.conv.winogradFilterGradient=false}.
     *
     * <p>Measured (Zen 5 VM, AVX-512, in a slow phase of the VM, 2026-12-06; ms, the path it replaces → this one,
     * alternated in one JVM, medians of 5 rounds), 1 thread: CIFAR ResNet-20's 32@16×16 at batch 64 4.46 → 4.08
     * (shifted rows), 64@8×8 5.00 → 2.63 (shifted rows); ResNet-18's 3×3 layers at batch 8 (im2col GEMM) 64@56×56
     * 21.9 → 16.6, 128@28×28 19.2 → 12.7, 256@14×14 18.7 → 12.0, 512@7×7 20.0 → 16.0; at batch 1 64@56×56 2.64 →
     * 1.79, 128@28×28 2.38 → 1.32. 2 threads: 32@16×16 2.25 → 1.90, 64@8×8 2.48 → 1.30, 64@56×56 batch 1 1.31 →
     * 0.86, 128@28×28 1.17 → 0.67. Where it does not run: 16@32×32 at batch 64, 4.26 on the shifted rows against
     * 8.06 (V and M are 16 floats a tile per channel, against 9 multiply-adds saved per filter element and tile),
     * and 512@7×7 at batch 1, 2.42 (GEMM) against 5.13 (16 tiles: writing and folding ∂U, 16·K·C floats, outweighs
     * them; at batch 4, 64 tiles, 9.93 against 9.95). These with blocks of 16 MiB; with the blocks of
     * {@link #blockFloats} (then 4 MiB unless ∂U was larger), the same hour, 1 thread: 32@16×16 4.50 → 3.22,
     * 64@8×8 4.95 → 2.54, 128@28×28 at batch 8 21.3 → 10.7, 512@7×7 at batch 8 21.6 → 17.7; with 256-bit vectors
     * 4.54 → 4.96 (the rounds' ranges overlapping), 6.31 → 3.52, 27.8 → 13.4, 30.1 → 20.9. The whole ResNet-20
     * training step at batch 64, alternated in blocks of 6 steps in one JVM: 263.9 → 240.4 ms on 1 thread, 139.1 →
     * 130.9 on 2 (per-pair medians 1.111 and 1.061; with 16 MiB blocks 1.059 and 1.033).
     */
    public static boolean pays(ConvShape s) {
        int narrow = Math.min(s.inChannels(), s.outChannels());
        return Enabled.SYSTEM.get() && s.isWinogradShape() && s.padH() >= 0 && s.padW() >= 0
                && narrow >= MIN_CHANNELS && tiles(s) >= Math.max(MIN_TILES, narrow / 8);
    }

    /** @return the 2×2 output tiles over the whole batch */
    static long tiles(ConvShape s) {
        return (long) s.batch() * tileRows(s) * tileColumns(s);
    }

    private static int tileRows(ConvShape s) {
        return (s.outHeight() + 1) / 2;
    }

    private static int tileColumns(ConvShape s) {
        return (s.outWidth() + 1) / 2;
    }

    /**
     * The block budget: {@link #MIN_BLOCK_FLOATS}, or ∂U's 16·K·C floats where that is more (every later block adds
     * a pass over ∂U: 512@7×7 at batch 8 took 16.7 ms with one block of 16 MiB, 19.2 with 4 MiB blocks, 34.0 with
     * 1 MiB), at most {@link #MAX_BLOCK_FLOATS}.
     */
    static int blockFloats(ConvShape s) {
        long du = (long) WinogradGradientKernels.POINTS * s.inChannels() * s.outChannels();
        return (int) Math.clamp(du, MIN_BLOCK_FLOATS, MAX_BLOCK_FLOATS);
    }

    /** Images per block: V and M of a block within {@code blockFloats}. */
    static int blockImages(ConvShape s, int lanes, int blockFloats) {
        long perImage = (long) WinogradGradientKernels.POINTS * tileRows(s) * tileColumns(s)
                * (roundUp(s.inChannels(), lanes) + roundUp(s.outChannels(), lanes));
        return (int) Math.max(1, Math.min(s.batch(), blockFloats / perImage));
    }

    /**
     * @param kc    the GEMM's KC (its depth blocks add roundings)
     * @param lanes the gradient kernels' lanes (they size the image blocks)
     * @return the most roundings a term goes through (the n of γ_n, on Φ)
     */
    public static long roundings(ConvShape s, int kc, int lanes) {
        return roundings(s, kc, lanes, blockFloats(s));
    }

    /** As {@link #roundings(ConvShape, int, int)}, with the block budget given (tests). */
    public static long roundings(ConvShape s, int kc, int lanes, int blockFloats) {
        int images = blockImages(s, lanes, blockFloats);
        long depth = (long) images * tileRows(s) * tileColumns(s);
        long blocks = Math.ceilDiv(s.batch(), images);
        long depthBlocks = Math.max(1, Math.ceilDiv(4 * depth, 5L * kc));
        // the transforms (2 + 2), the product, the block's sum, its GEMM's depth blocks, the later blocks, Gᵀ·G
        return 2 + 2 + 1 + (depth - 1) + (depthBlocks - 1) + (blocks - 1) + 4;
    }

    /** Per-thread scratch: the channels-last copies of one image; on the calling thread, V, M and ∂U too. */
    private static final class Scratch {
        float[] input = new float[0];
        float[] grad = new float[0];
        float[] v = new float[0];
        float[] m = new float[0];
        float[] du = new float[0];

        static float[] grow(float[] a, long size) {
            return a.length >= size ? a : new float[Math.toIntExact(size)];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * {@code gradW := ∂L/∂w} (overwritten) of {@code s}, {@link #pays} true (or a test calling it directly on any
     * 3×3 stride-1 shape with padding 0 or more), arguments validated by the caller.
     */
    public static void run(Backend backend, ConvShape s, float[] in, int offIn, float[] gradOut, int offG,
                           float[] gradW, int offGradW, Parallelism parallelism) {
        run(backend, s, in, offIn, gradOut, offG, gradW, offGradW, parallelism, blockFloats(s), MIN_PARALLEL_WORK);
    }

    /**
     * As {@link #run(Backend, ConvShape, float[], int, float[], int, float[], int, Parallelism)}, with the block
     * budget and the least work worth a second thread given: tests drive several blocks and every split on small
     * shapes.
     */
    public static void run(Backend backend, ConvShape s, float[] in, int offIn, float[] gradOut, int offG,
                           float[] gradW, int offGradW, Parallelism parallelism, int blockFloats,
                           long minParallelWork) {
        WinogradGradientKernels kern = kernels(backend);
        int lanes = kern.lanes(), points = WinogradGradientKernels.POINTS;
        int n = s.batch(), c = s.inChannels(), k = s.outChannels(), h = s.height(), w = s.width();
        int oh = s.outHeight(), ow = s.outWidth(), th = tileRows(s), tw = tileColumns(s);
        int cp = roundUp(c, lanes), kp = roundUp(k, lanes);
        // the input's windows: rows and columns 2·tile … 2·tile + 3 of the zero-padded image; the output gradient's
        // tiles: rows and columns 2·tile, 2·tile + 1, zero past the output
        int wp = 2 * tw + 2, gw = 2 * tw;
        int images = blockImages(s, lanes, blockFloats), tilesPerImage = th * tw;
        Scratch caller = SCRATCH.get();
        caller.v = Scratch.grow(caller.v, (long) points * images * tilesPerImage * cp);
        caller.m = Scratch.grow(caller.m, (long) points * images * tilesPerImage * kp);
        caller.du = Scratch.grow(caller.du, (long) points * k * c);
        float[] v = caller.v, m = caller.m, du = caller.du;
        // whole images per task; with fewer images in a block than threads, images × bands of tile rows, each band
        // copying the rows its windows read
        int threads = parallelism.threadCount();
        long workPerBand = (long) points * tilesPerImage * (cp + kp);
        for (int n0 = 0; n0 < n; n0 += images) {
            int block = Math.min(images, n - n0), depth = block * tilesPerImage, first = n0;
            int vPoint = depth * cp, mPoint = depth * kp;
            int bands = block >= threads ? 1 : Math.min(th, Math.ceilDiv(threads, block));
            // ConvTasks keeps a call below its own threshold on the caller: a test's zero least work lifts it
            long work = minParallelWork == 0 ? Long.MAX_VALUE / Math.max(1, (long) block * bands) : workPerBand / bands;
            ConvTasks.run(block * bands, work, parallelism, (task, inner) -> {
                int i = task / bands, band = task % bands, ty0 = th * band / bands, ty1 = th * (band + 1) / bands;
                int rows = 2 * (ty1 - ty0) + 2, gRows = 2 * (ty1 - ty0);
                Scratch sc = SCRATCH.get();
                sc.input = Scratch.grow(sc.input, (long) rows * wp * cp);
                sc.grad = Scratch.grow(sc.grad, (long) gRows * gw * kp);
                float[] x = sc.input, g = sc.grad;
                Arrays.fill(x, 0, rows * wp * cp, 0f);
                Arrays.fill(g, 0, gRows * gw * kp, 0f);
                int image = first + i;
                // input rows y with padded row y + padH in [2·ty0, 2·ty0 + rows); output gradient rows [2·ty0, …)
                int y0 = Math.max(0, 2 * ty0 - s.padH()), y1 = Math.min(h, 2 * ty0 + rows - s.padH());
                if (y0 < y1) {
                    kern.channelsLast(in, offIn + image * c * h * w + y0 * w, h * w, c, y1 - y0, w, x,
                            ((y0 + s.padH() - 2 * ty0) * wp + s.padW()) * cp, wp, cp);
                }
                int g0 = 2 * ty0, g1 = Math.min(oh, 2 * ty1);
                if (g0 < g1) {
                    kern.channelsLast(gradOut, offG + image * k * oh * ow + g0 * ow, oh * ow, k, g1 - g0, ow, g, 0,
                            gw, kp);
                }
                for (int ty = ty0; ty < ty1; ty++) {
                    int t0 = (i * th + ty) * tw, r = 2 * (ty - ty0);
                    kern.inputTiles(x, r * wp * cp, wp * cp, cp, tw, v, t0 * cp, vPoint);
                    kern.gradientTiles(g, r * gw * kp, gw * kp, kp, tw, m, t0 * kp, mPoint);
                }
            });
            float beta = n0 == 0 ? 0f : 1f;
            int shares = shares(parallelism, (long) points * k * c * depth, points, minParallelWork);
            ParallelRunner.run(shares, parallelism, sh -> {
                for (int xi = points * sh / shares, end = points * (sh + 1) / shares; xi < end; xi++) {
                    // ∂U[ξ] (K×C) (+)= M[ξ]ᵀ·V[ξ]: M[ξ] is depth×kp, V[ξ] depth×cp
                    backend.sgemm().sgemm(true, false, k, c, depth, 1f, m, xi * mPoint, kp, v, xi * vPoint, cp, beta,
                            du, xi * k * c, c, GemmEpilogue.none(), Parallelism.singleThread());
                }
            });
        }
        int shares = shares(parallelism, (long) points * k * c, k, minParallelWork);
        ParallelRunner.run(shares, parallelism, sh -> {
            for (int o = k * sh / shares, end = k * (sh + 1) / shares; o < end; o++) {
                kern.filterFold(du, o * c, k * c, c, gradW, offGradW + o * c * 9);
            }
        });
    }

    /** Threads worth using for {@code work} multiply-adds in at most {@code parts} parts. */
    private static int shares(Parallelism parallelism, long work, int parts, long minParallelWork) {
        return work < minParallelWork ? 1 : Math.max(1, Math.min(parallelism.threadCount(), parts));
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
