package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.ParallelRunner;
import dev.resvec.kernels.vector.VectorStridedKernels;
import java.util.Arrays;

/**
 * The forward pass of a 3×3 stride-2 convolution ({@code IM2COL_GEMM}'s strided layers: ResNet's first 3×3 of
 * every downsampling unit), and of a 7-wide stride-1 one (ResNet's 512@7×7, which prepared {@code AUTO} filters run
 * here at batch 1, see {@code ConvHeuristics}), by its definition, on {@link StridedKernels} tiles: output channels
 * along the lanes, seven or eight positions of one output row per tile, each input pixel broadcast from a
 * zero-padded copy of the image. The im2col GEMM gathers every stride-2 column into packed strips on every call
 * (2.25 times the image for a 3×3 kernel at stride 2); here the image is copied once, padded, and read in place. The filters of a block of
 * output channels and {@value #CHANNEL_BLOCK} input channels (18 KiB at 32 output channels) stay in L1 while the
 * tiles of every row sweep over them; the sums of the next channels are added to the tiles' stored partial sums,
 * which continues each element's float chain exactly.
 *
 * <p>Measured (Xeon Emerald Rapids, 512-bit species, 1 thread, one image, prepared filters, the prototype against
 * the library's prepared im2col GEMM in one JVM): ResNet-18's 64→128@56×56 0.66–0.76 → 0.56–0.57 ms, 128→256@28×28
 * 0.71 → 0.58–0.59, 256→512@14×14 0.76–0.78 → 0.65–0.67 (tile loop alone, before the transpose to channel planes);
 * CIFAR's 16→32@32×32 and 32→64@16×16 at batch 64 1.32–1.39 → 0.97 and 1.32–1.33 → 0.82–0.88.
 *
 * <p>Where it runs ({@link #pays}): the vector provider, groups 1, no dilation, at stride 2 a row of output
 * positions that 7 or 8 divide (ResNet's 7·2<sup>k</sup> and CIFAR's 2<sup>k</sup> sizes: no tile computes positions
 * it throws away), at stride 1 a row of 7 (the one width measured; wider stride-1 layers are Winograd's), and output
 * channels in whole tiles. Each element is one float chain over (c, r, s), then the epilogue, so the result
 * does not depend on the thread count, and prepared filters give the plain call's bits.
 */
public final class StridedForward {
    private StridedForward() {}

    /** Input channels whose filters one pass over the tiles keeps in L1 (16 and 32 measured the same). */
    static final int CHANNEL_BLOCK = 16;
    /** Filter taps per input channel. */
    private static final int TAPS = StridedKernels.KERNEL * StridedKernels.KERNEL;

    private static final class VectorHolder {
        static final StridedKernels INSTANCE = VectorStridedKernels.create();
    }

    /** @return the vector kernels where the vector provider is active, else null (the GEMM runs these layers) */
    public static StridedKernels kernels() {
        return Backends.active().provider().isVector() ? VectorHolder.INSTANCE : null;
    }

    /** @return whether the forward of {@code s} runs here on the active provider */
    public static boolean pays(ConvShape s) {
        StridedKernels kern = kernels();
        return kern != null && accepts(s, kern.blockChannels());
    }

    /** Whether tiles of {@code block} output channels compute {@code s}. */
    private static boolean accepts(ConvShape s, int block) {
        return s.groups() == 1 && s.kernelH() == StridedKernels.KERNEL && s.kernelW() == StridedKernels.KERNEL
                && s.strideH() == s.strideW() && s.dilationH() == 1 && s.dilationW() == 1
                && s.outChannels() % block == 0 && tilePositions(s) > 0;
    }

    /**
     * @return positions per tile of {@code s}'s rows: at stride 2, 7 or 8 where one divides the output width (7
     * first); at stride 1, 7 for a 7-wide output (one tile a row); else 0
     */
    private static int tilePositions(ConvShape s) {
        int ow = s.outWidth();
        return switch (s.strideW()) {
            case 2 -> ow % 7 == 0 ? 7 : ow % 8 == 0 ? 8 : 0;
            case 1 -> ow == StridedKernels.STRIDE_ONE_POSITIONS ? ow : 0;
            default -> 0;
        };
    }

    /** @return the filters of {@code s} packed for {@link #forward} in an array of their own ({@link #pays} true) */
    public static float[] prepare(ConvShape s, float[] w, int offW) {
        return pack(kernels(), s, w, offW, new float[s.filterSize()], Parallelism.singleThread());
    }

    /**
     * The filters as {@code [block of B output channels][input channel c][r][s][B]}, the order in which a tile reads
     * them; the blocks shared out between threads where there are many (a plain call's filters change every call).
     */
    private static float[] pack(StridedKernels kern, ConvShape s, float[] w, int offW, float[] packed,
                        Parallelism parallelism) {
        int b = kern.blockChannels(), blocks = s.outChannels() / b, taps = s.inChannels() * TAPS;
        int shares = s.filterSize() >= PARALLEL_PACK ? Math.min(parallelism.threadCount(), blocks) : 1;
        ParallelRunner.run(shares, parallelism, part -> {
            for (int kb = blocks * part / shares, end = blocks * (part + 1) / shares; kb < end; kb++) {
                kern.transpose(w, offW + kb * b * taps, taps, b, taps, packed, kb * b * taps, b);
            }
        });
        return packed;
    }

    /** Filter floats from which a plain call packs them on all its threads. */
    private static final int PARALLEL_PACK = 1 << 16;

    /** {@code out := epilogue(conv(in, w))}, arguments validated by the caller, {@link #pays} true. */
    public static void forward(ConvShape s, float[] in, int offIn, float[] w, int offW, float[] out, int offOut,
                               ConvEpilogue e, Parallelism parallelism) {
        StridedKernels kern = kernels();
        float[] packed = pack(kern, s, w, offW, ConvScratch.filters(s.filterSize()), parallelism);
        run(kern, s, in, offIn, packed, out, offOut, e, parallelism);
    }

    /** As the plain call, with the filters {@link #prepare}d: the same operations, so the same bits. */
    public static void forwardPrepared(ConvShape s, float[] in, int offIn, float[] prepared, float[] out, int offOut,
                                       ConvEpilogue e, Parallelism parallelism) {
        run(kernels(), s, in, offIn, prepared, out, offOut, e, parallelism);
    }

    /** Per-thread scratch: a padded image, a block's position-major sums, its channel planes for the epilogue. */
    private static final class Scratch {
        float[] image = new float[0];
        float[] sums = new float[0];
        float[] planes = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The padded image's geometry: rows and columns as far as the last output position's taps reach. */
    private record Padded(int rows, int cols) {
        static Padded of(ConvShape s) {
            int k = StridedKernels.KERNEL;
            return new Padded(s.strideH() * (s.outHeight() - 1) + k, s.strideW() * (s.outWidth() - 1) + k);
        }

        int plane() {
            return rows * cols;
        }
    }

    /**
     * Runs {@code s} with filters packed by {@link #pack} for {@code kern}'s block width: whole images per thread
     * where there are enough, and an image left over (or every image, with fewer images than threads) on all the
     * threads, its channels padded and then its blocks of output channels shared out.
     */
    private static void run(StridedKernels kern, ConvShape s, float[] in, int offIn, float[] packed, float[] out,
                            int offOut, ConvEpilogue e, Parallelism parallelism) {
        ShiftedKernels rowEpilogue = ShiftedBackends.active();
        Padded pad = Padded.of(s);
        int c = s.inChannels(), kBlocks = s.outChannels() / kern.blockChannels(), hw = s.height() * s.width();
        int imageSize = Math.multiplyExact(c, pad.plane());
        long work = (long) s.outChannels() * c * TAPS * s.outHeight() * s.outWidth();
        ConvTasks.run(s.batch(), work, parallelism, (n, inner) -> {
            // the padded copy is the calling thread's; with more threads they all read it
            float[] image = image(SCRATCH.get(), imageSize);
            int inOff = offIn + n * c * hw, shares = Math.min(inner.threadCount(), c);
            ParallelRunner.run(shares, inner, part -> padImage(s, pad, in, inOff, image, c * part / shares,
                    c * (part + 1) / shares));
            ParallelRunner.run(kBlocks, inner,
                    kb -> block(kern, rowEpilogue, s, pad, image, packed, n, kb, out, offOut, e));
        });
    }

    private static float[] image(Scratch sc, int size) {
        if (sc.image.length < size) {
            sc.image = new float[size];
        }
        return sc.image;
    }

    /**
     * Channels {@code [c0, c1)} of image {@code in[inOff]} into their padded planes: the image at (padH, padW), zeros
     * around it, and only the rows and columns the taps read.
     */
    private static void padImage(ConvShape s, Padded pad, float[] in, int inOff, float[] image, int c0, int c1) {
        int h = s.height(), w = s.width(), padH = s.padH(), padW = s.padW();
        int rows = Math.clamp(pad.rows() - padH, 0, h), cols = Math.clamp(pad.cols() - padW, 0, w);
        int top = Math.min(padH, pad.rows()), left = Math.min(padW, pad.cols());
        for (int ch = c0; ch < c1; ch++) {
            int base = ch * pad.plane();
            Arrays.fill(image, base, base + top * pad.cols(), 0f);
            for (int y = 0; y < rows; y++) {
                int row = base + (padH + y) * pad.cols();
                Arrays.fill(image, row, row + left, 0f);
                System.arraycopy(in, inOff + (ch * h + y) * w, image, row + left, cols);
                Arrays.fill(image, row + left + cols, row + pad.cols(), 0f);
            }
            Arrays.fill(image, base + (top + rows) * pad.cols(), base + pad.plane(), 0f);
        }
    }

    /** Output channels {@code [kb·B, kb·B + B)} of image n: the tiles, then the sums to channel planes. */
    private static void block(StridedKernels kern, ShiftedKernels rowEpilogue, ConvShape s, Padded pad,
                              float[] image, float[] packed, int n, int kb, float[] out, int offOut, ConvEpilogue e) {
        int b = kern.blockChannels(), c = s.inChannels(), oh = s.outHeight(), ow = s.outWidth(), ohw = oh * ow;
        int tile = tilePositions(s), stride = s.strideW(), cols = pad.cols(), plane = pad.plane();
        Scratch sc = SCRATCH.get();
        if (sc.sums.length < ohw * b) {
            sc.sums = new float[ohw * b];
        }
        float[] sums = sc.sums;
        for (int c0 = 0; c0 < c; c0 += CHANNEL_BLOCK) {
            int channels = Math.min(CHANNEL_BLOCK, c - c0), wOff = (kb * c + c0) * TAPS * b;
            for (int oy = 0; oy < oh; oy++) {
                int x0 = c0 * plane + stride * oy * cols;
                for (int ox = 0; ox < ow; ox += tile) {
                    kern.tile(stride, tile, channels, image, x0 + stride * ox, plane, cols, packed, wOff, sums,
                            (oy * ow + ox) * b, c0 > 0);
                }
            }
        }
        int k0 = kb * b, at = offOut + (n * s.outChannels() + k0) * ohw;
        if (e.isNone()) {
            kern.transpose(sums, 0, b, ohw, b, out, at, ohw);
            return;
        }
        if (sc.planes.length < ohw * b) {
            sc.planes = new float[ohw * b];
        }
        kern.transpose(sums, 0, b, ohw, b, sc.planes, 0, ohw);
        float[] bias = e.bias();
        for (int j = 0; j < b; j++) {
            int r = e.residualOffset() + (n * s.outChannels() + k0 + j) * ohw;
            rowEpilogue.epilogueRow(sc.planes, j * ohw, bias == null ? -0f : bias[e.biasOffset() + k0 + j],
                    e.residual(), r, e.relu(), out, at + j * ohw, ohw);
        }
    }
}
