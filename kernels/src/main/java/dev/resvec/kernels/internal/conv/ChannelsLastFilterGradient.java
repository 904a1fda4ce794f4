package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.internal.ParallelRunner;
import dev.resvec.kernels.internal.Settled;
import dev.resvec.kernels.internal.TuningProperty;
import dev.resvec.kernels.scalar.ScalarChannelsLastGradientKernels;
import dev.resvec.kernels.vector.VectorChannelsLastGradientKernels;
import java.util.Arrays;

/**
 * The filter gradient {@code gradW[k, c, r, s] = Σ_{n,y,x} gradOut[n, k, y, x] · in[n, c, y·st + r·d − p, …]} by its
 * definition with the input channels along the vector lanes, as oneDNN's direct backward-weights kernels do on
 * its blocked nChw16c layout ({@code jit_avx512_common_conv_bwd_weights_kernel_f32}): each
 * image is copied once, zero-padded and channels-last, and a block of output channels × three taps of a kernel row ×
 * one vector of input channels runs over the image's output positions, broadcasting the output gradient and loading
 * whole vectors of channels at any stride ({@link ChannelsLastGradientKernels#block}). Nothing is gathered per tap
 * and no partial sums along the positions are folded across lanes, which is where the shifted rows
 * ({@link ShiftedFilterGradient}, positions in the lanes) and the im2col GEMM lose on strided layers: a stride-2
 * tap's operand is not one contiguous run.
 *
 * <p>Order: images outer, blocks inner, so that an image's copy and output gradient stay in the cache while every
 * block reads them. The batch is cut into at most {@value #MAX_GROUPS} groups of consecutive images (by the batch
 * alone); within a group each block's sums of the first image are stored and those of every later image added in
 * image order, and the groups' sums are added in group order at the end. Threads take whole groups, or, with fewer
 * groups than threads, share out each image's blocks: either way the same operations, so the bits do not depend on
 * the thread count.
 *
 * <p>Error ({@link #roundings}): an element's chain over one image's positions has oh·ow roundings (the scalar twin
 * one), each later image of its group one addition and each later group one: at most oh·ow + batch − 1, counted
 * with two more for margin (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
 *
 * <p>Measured against the path it replaces (Xeon Emerald Rapids, AVX-512, 1 thread, batch 64, a prototype of this
 * class and the library alternated in one JVM, medians of 9 rounds, ms): CIFAR ResNet-20's 16@32×32 2.61 → 1.88
 * (shifted rows), 32@16×16 2.92 → 1.85 (Winograd domain), 3×3 stride 2 16→32 at 32×32 3.06 → 1.21 and 32→64 at
 * 16×16 2.71 → 1.14 (shifted rows); where it lost ({@link #pays} leaves them out), 64@8×8 1.99 → 2.11 (64 positions
 * an image: each block's stores and additions weigh), and at batch 8 the ImageNet ResNets' wider layers, whose sums
 * alone (K·C·R·S floats) fill much of the L2 cache: 128@28×28 7.46 → 9.56, 256@14×14 6.62 → 10.45, 512@7×7 8.01 →
 * 15.97, stride 2 256→512 at 14×14 6.78 → 8.63. 64@56×56 (11.61 → 10.43) and stride 2 64→128 at 56×56 (7.38 →
 * 6.36) gained in that run but not reliably ({@link #L2_SHARE}): the rule keeps it to the CIFAR ResNets' layers.
 */
public final class ChannelsLastFilterGradient {
    /** The property that turns this filter gradient off (then the Winograd domain's, the shifted rows' or the GEMM's). */
    static final String ENABLED = "resvec.conv.channelsLastFilterGradient";
    /**
     * The share of the L2 cache that an image's working set may take: its padded copy, its output gradient and the
     * sums (K·C·R·S floats), which every block of the image reads or adds into. Where they came to 1.6–1.8 MB of the
     * Xeon's 2 MiB L2 (ImageNet's 64@56×56, and 64→128 at stride 2: 0.86 MB of copy alone), the stride-2 layer ran
     * 2.4× slower in three JVMs of five, at 1 thread (16.0 ms against 6.4 at batch 8; on 2 threads, each core with
     * half the blocks, 3.9), and 64@56×56 lost on 2 threads (6.34 ms against the Winograd domain's 6.06 at batch 8).
     */
    static final int L2_SHARE = 2;
    /**
     * Fewest lanes for a stride-1 layer: with 8-lane vectors (4×3 blocks) 16@32×32 at batch 64 took 4.16 ms against
     * the shifted rows' 3.71, 32@16×16 3.97 against the Winograd domain's 3.93 (the strided layers gained: 3.40 →
     * 2.44 and 3.03 → 2.89), Xeon Emerald Rapids with {@code -Dresvec.vectorBits=256}, 1 thread.
     */
    static final int MIN_STRIDE1_LANES = 16;
    /** Fewest output positions an image for a stride-1 layer (64@8×8 lost to the Winograd domain's). */
    static final int MIN_STRIDE1_POSITIONS = 256;
    /**
     * Most groups of images: each group's sums are its images' in order, and the groups' sums are added in order at
     * the end. The groups depend on the batch alone (so do the bits); threads take whole groups where there are at
     * least as many as threads, each copying and summing its own images (CIFAR's strided 16→32 at batch 64 on 2
     * threads: 1.10 ms with the blocks of every image shared out, where each core read every image's copy, against
     * 1.38 on 1 thread).
     */
    public static final int MAX_GROUPS = 8;
    /** Below this many multiply-adds in all, one thread is faster than a hand-off. */
    static final long MIN_PARALLEL_WORK = 1L << 20;

    private ChannelsLastFilterGradient() {}

    private static final class Enabled {
        static final Settled<Boolean> SYSTEM = Settled.of(
                () -> TuningProperty.parseFlag(ENABLED, System.getProperty(ENABLED), true));
    }

    private static final class VectorHolder {
        static final ChannelsLastGradientKernels INSTANCE = VectorChannelsLastGradientKernels.create();
    }

    private static final class ScalarHolder {
        static final ChannelsLastGradientKernels INSTANCE = ScalarChannelsLastGradientKernels.create();
    }

    /** @return the kernels matching {@code backend}'s provider (the vector class loads only if used) */
    public static ChannelsLastGradientKernels kernels(Backend backend) {
        return backend.provider().isVector() ? VectorHolder.INSTANCE : ScalarHolder.INSTANCE;
    }

    /**
     * Whether this filter gradient runs: the vector provider, {@link #accepts} and, where it measured faster, a
     * kernel at least 3 wide (two of a 1×1 block's three taps would be wasted), an image's working set within
     * 1/{@value #L2_SHARE} of the L2 cache ({@link #workingSetFloats}) and, at stride 1, vectors of at least
     * {@value #MIN_STRIDE1_LANES} lanes and at least {@value #MIN_STRIDE1_POSITIONS} output positions an image; off with
     * {@code -Dresvec.conv.channelsLastFilterGradient=false}.
     */
    public static boolean pays(ConvShape s) {
        Backend backend = Backends.active();
        boolean stride1 = s.strideH() == 1 && s.strideW() == 1;
        ChannelsLastGradientKernels kern = kernels(backend);
        return Enabled.SYSTEM.get() && backend.provider().isVector() && accepts(s, kern)
                && s.kernelW() >= ChannelsLastGradientKernels.TAPS
                && workingSetFloats(s) * Float.BYTES <= CacheSizes.detected().l2() / L2_SHARE
                && (!stride1 || kern.lanes() >= MIN_STRIDE1_LANES
                        && s.outHeight() * s.outWidth() >= MIN_STRIDE1_POSITIONS);
    }

    /** @return floats one image's blocks read or write: its padded copy, its output gradient, the sums */
    static long workingSetFloats(ConvShape s) {
        long padded = (long) (s.height() + 2 * s.padH()) * (s.width() + 2 * s.padW()) * s.inChannels();
        long grad = (long) s.outChannels() * s.outHeight() * s.outWidth();
        return padded + grad + (long) s.outChannels() * s.inChannels() * s.kernelH() * s.kernelW();
    }

    /**
     * @return whether {@code kernels} compute {@code s}: one group, input channels a multiple of the lanes and output
     * channels of the rows
     */
    public static boolean accepts(ConvShape s, ChannelsLastGradientKernels kernels) {
        return s.groups() == 1 && s.inChannels() % kernels.lanes() == 0 && s.outChannels() % kernels.rows() == 0;
    }

    /**
     * The blocks of a call, numbered output-channel block outermost, then kernel row, tap block, channel block: a
     * thread's range of numbers is a contiguous run of gradW's rows.
     */
    private record Blocks(int rows, int kernelRows, int tapBlocks, int channelBlocks) {
        static Blocks of(ConvShape s, ChannelsLastGradientKernels kern) {
            return new Blocks(kern.rows(), s.kernelH(), Math.ceilDiv(s.kernelW(), ChannelsLastGradientKernels.TAPS),
                    s.inChannels() / kern.lanes());
        }

        int count(ConvShape s) {
            return s.outChannels() / rows * kernelRows * tapBlocks * channelBlocks;
        }

        int outputBlock(int b) {
            return b / (kernelRows * tapBlocks * channelBlocks);
        }

        int kernelRow(int b) {
            return b / (tapBlocks * channelBlocks) % kernelRows;
        }

        int tapBlock(int b) {
            return b / channelBlocks % tapBlocks;
        }

        int channelBlock(int b) {
            return b % channelBlocks;
        }
    }

    /** @return the most roundings a product goes through (the n of γ_n in the error bound) */
    public static long roundings(ConvShape s) {
        return (long) s.outHeight() * s.outWidth() + s.batch() + 1;
    }

    /** Per-thread scratch: an image's copy, the caller's sums of every group, a block of one image. */
    private static final class Scratch {
        float[] image = new float[0];
        float[] sums = new float[0];
        float[] block = new float[0];

        static float[] grow(float[] a, long size) {
            return a.length >= size ? a : new float[Math.toIntExact(size)];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** {@code gradW := ∂L/∂w} (overwritten), arguments validated by the caller, {@link #accepts} true. */
    public static void run(Backend backend, ConvShape s, float[] in, int offIn, float[] gradOut, int offG,
                           float[] gradW, int offGradW, Parallelism parallelism) {
        run(backend, s, in, offIn, gradOut, offG, gradW, offGradW, parallelism, MAX_GROUPS, MIN_PARALLEL_WORK);
    }

    /**
     * As {@link #run(Backend, ConvShape, float[], int, float[], int, float[], int, Parallelism)}, with the most groups
     * of images and the least work worth a second thread given (tests drive one group, several, and every split on
     * small shapes).
     */
    public static void run(Backend backend, ConvShape s, float[] in, int offIn, float[] gradOut, int offG,
                           float[] gradW, int offGradW, Parallelism parallelism, int maxGroups,
                           long minParallelWork) {
        Plan plan = new Plan(s, kernels(backend), WinogradFilterGradient.kernels(backend), backend.elementwise(), in,
                offIn, gradOut, offG);
        int groups = Math.min(s.batch(), maxGroups), total = plan.blocks * plan.blockFloats;
        Scratch caller = SCRATCH.get();
        caller.sums = Scratch.grow(caller.sums, (long) groups * total);
        float[] sums = caller.sums;
        boolean parallel = s.flops() / 2 >= minParallelWork && parallelism.threadCount() > 1;
        Parallelism threads = parallel ? parallelism : Parallelism.singleThread();
        if (groups >= threads.threadCount()) {   // whole groups per thread, each copying its own images
            ParallelRunner.run(groups, threads, g -> {
                Scratch sc = SCRATCH.get();
                for (int n = s.batch() * g / groups, end = s.batch() * (g + 1) / groups; n < end; n++) {
                    float[] copy = plan.copy(sc, n);
                    plan.sum(sc, copy, n, n == s.batch() * g / groups, 0, plan.blocks, sums, g * total);
                }
            });
        } else {   // each image's blocks shared out, the caller copying it
            int parts = Math.min(plan.blocks, threads.threadCount());
            for (int g = 0; g < groups; g++) {
                int first = s.batch() * g / groups, at = g * total;
                for (int n = first, end = s.batch() * (g + 1) / groups; n < end; n++) {
                    float[] copy = plan.copy(caller, n);
                    int image = n;
                    ParallelRunner.run(parts, threads, part -> plan.sum(SCRATCH.get(), copy, image, image == first,
                            plan.blocks * part / parts, plan.blocks * (part + 1) / parts, sums, at));
                }
            }
        }
        for (int g = 1; g < groups; g++) {
            plan.elementwise.add(total, sums, 0, sums, g * total, sums, 0);
        }
        fold(s, plan.kern, plan.grid, sums, gradW, offGradW);
    }

    /** One call's geometry and operands: copies an image channels-last and sums blocks of it. */
    private static final class Plan {
        final ConvShape s;
        final ChannelsLastGradientKernels kern;
        final WinogradGradientKernels copier;
        final ElementwiseKernels elementwise;
        final Blocks grid;
        final float[] in;
        final int offIn;
        final float[] gradOut;
        final int offG;
        final int pw;
        final int imageFloats;
        final int rowStep;
        final int colStep;
        final int blocks;
        final int blockFloats;

        Plan(ConvShape s, ChannelsLastGradientKernels kern, WinogradGradientKernels copier,
             ElementwiseKernels elementwise, float[] in, int offIn, float[] gradOut, int offG) {
            this.s = s;
            this.kern = kern;
            this.copier = copier;
            this.elementwise = elementwise;
            this.in = in;
            this.offIn = offIn;
            this.gradOut = gradOut;
            this.offG = offG;
            int c = s.inChannels();
            pw = s.width() + 2 * s.padW();
            imageFloats = Math.multiplyExact((s.height() + 2 * s.padH()) * pw, c);
            rowStep = s.strideH() * pw * c;
            colStep = s.strideW() * c;
            grid = Blocks.of(s, kern);
            blocks = grid.count(s);
            blockFloats = kern.blockFloats();
        }

        /** Image n, zero-padded and channels-last, in {@code sc}'s copy (which it returns). */
        float[] copy(Scratch sc, int n) {
            int c = s.inChannels(), h = s.height(), w = s.width();
            sc.image = Scratch.grow(sc.image, imageFloats);
            float[] x = sc.image;
            zeroBorder(x, s.height() + 2 * s.padH(), pw, c, s.padH(), s.padW(), h, w);
            copier.channelsLast(in, offIn + n * c * h * w, h * w, c, h, w, x, (s.padH() * pw + s.padW()) * c, pw,
                    c);
            return x;
        }

        /**
         * Blocks {@code [b0, b1)} of image n (its copy {@code x}) into the group's sums at {@code sums[at]}: stored
         * for the group's first image, added to them for the others.
         */
        void sum(Scratch sc, float[] x, int n, boolean first, int b0, int b1, float[] sums, int at) {
            int c = s.inChannels(), k = s.outChannels(), sw = s.kernelW(), ohw = s.outHeight() * s.outWidth();
            sc.block = Scratch.grow(sc.block, blockFloats);
            float[] tmp = sc.block;
            for (int b = b0; b < b1; b++) {
                int kr = grid.kernelRow(b), s0 = grid.tapBlock(b) * ChannelsLastGradientKernels.TAPS;
                int valid = Math.min(ChannelsLastGradientKernels.TAPS, sw - s0);
                // a short last block repeats its last tap: those sums are computed and never folded
                int xt0 = tapOffset(s, kr, s0, pw, c);
                int xt1 = tapOffset(s, kr, s0 + Math.min(1, valid - 1), pw, c);
                int xt2 = tapOffset(s, kr, s0 + valid - 1, pw, c);
                int gOff = offG + (n * k + grid.outputBlock(b) * kern.rows()) * ohw;
                int dst = at + b * blockFloats;
                kern.block(gradOut, gOff, ohw, s.outHeight(), s.outWidth(), x, grid.channelBlock(b) * kern.lanes(),
                        rowStep, colStep, xt0, xt1, xt2, first ? sums : tmp, first ? dst : 0);
                if (!first) {
                    elementwise.add(blockFloats, sums, dst, tmp, 0, sums, dst);
                }
            }
        }
    }

    /** Offset of tap (kr, ks) in the channels-last padded image, from an output position's origin. */
    private static int tapOffset(ConvShape s, int kr, int ks, int pw, int c) {
        return (kr * s.dilationH() * pw + ks * s.dilationW()) * c;
    }

    /** Zeroes the padding of one padded channels-last image (its interior is written by the copy). */
    private static void zeroBorder(float[] x, int ph, int pw, int c, int padH, int padW, int h, int w) {
        Arrays.fill(x, 0, padH * pw * c, 0f);
        Arrays.fill(x, (padH + h) * pw * c, ph * pw * c, 0f);
        for (int y = padH; y < padH + h; y++) {
            int row = y * pw * c;
            Arrays.fill(x, row, row + padW * c, 0f);
            Arrays.fill(x, row + (padW + w) * c, row + pw * c, 0f);
        }
    }

    /** The blocks' sums into gradW's (k, c, r, s) layout; the repeated taps of short blocks are left out. */
    private static void fold(ConvShape s, ChannelsLastGradientKernels kern, Blocks grid, float[] sums, float[] gradW,
                             int offGradW) {
        int c = s.inChannels(), r = s.kernelH(), sw = s.kernelW(), lanes = kern.lanes(), rows = kern.rows();
        int taps = ChannelsLastGradientKernels.TAPS;
        for (int b = 0, blocks = grid.count(s); b < blocks; b++) {
            int kr = grid.kernelRow(b), s0 = grid.tapBlock(b) * taps, base = b * kern.blockFloats();
            int k0 = grid.outputBlock(b) * rows, c0 = grid.channelBlock(b) * lanes;
            for (int i = 0; i < rows; i++) {
                for (int t = 0; t < taps && s0 + t < sw; t++) {
                    int dst = offGradW + (((k0 + i) * c + c0) * r + kr) * sw + s0 + t;
                    int src = base + (i * taps + t) * lanes;
                    for (int l = 0; l < lanes; l++) {
                        gradW[dst + l * r * sw] = sums[src + l];
                    }
                }
            }
        }
    }
}
