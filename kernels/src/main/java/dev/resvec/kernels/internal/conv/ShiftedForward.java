package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;

/**
 * The forward convolution and the data gradient of narrow stride-1 layers by their definition, without im2col and
 * without a GEMM: each image is lowered to {@link ShiftedRows} planes (S column-shifted copies of every channel, so
 * that a tap's operand over all of an image's output positions is one contiguous run), and
 * {@link ShiftedKernels#directTileSmall} sums {@value ShiftedKernels#DIRECT_K} output channels × two or three vectors
 * of positions over all taps in registers — the filter gradient's {@link ShiftedFilterGradient} turned around. The
 * planes lie at one of the kernels' two fixed strides, the smallest that holds them
 * ({@link ShiftedKernels#directTileSmall}, {@link ShiftedKernels#directTileLarge}: a constant step lets C2 take the
 * loads' range checks out of the loop).
 *
 * <p>Why: at the CIFAR ResNet widths the Winograd path spends most of its time moving data (an 8×8 image has two
 * F(4×4) tiles a row) and its transformed-domain GEMMs are thin (depth C = 16–64). On a Zen 5 core, batch 64,
 * 1 thread, a prototype of this loop took 2.02 / 1.81 / 1.96 ms on 3×3 16@32×32 / 32@16×16 / 64@8×8 against
 * Winograd F(4×4)'s 3.23 / 2.24 / 2.94 (141–167 GFLOP/s).
 *
 * <p>The data gradient of a stride-1 convolution is the forward convolution of the output gradient with the filters
 * transposed (K ↔ C) and turned by 180°, padded by R − 1 − padH and S − 1 − padW ({@link #dataShape}).
 *
 * <p>Threads take whole images (or, with fewer images than threads, images × blocks of output channels; a call too
 * small to share stays on the caller, {@link ConvTasks}); every
 * output element is one tile sum, so the bits are the same for every thread count. Error: one chain of
 * C·R·S roundings per element plus the store (and the epilogue's adds), inside IM2COL_GEMM's forward bound.
 */
public final class ShiftedForward {
    /** Most input and output channels for which {@link #pays}. */
    static final int MAX_CHANNELS = 64;
    /** Most output positions per image for which {@link #pays}. */
    static final int MAX_POSITIONS = 1024;

    private ShiftedForward() {}

    /**
     * Whether this path runs a forward convolution instead of the GEMM's: one group, stride and dilation 1, a kernel
     * larger than 1×1 and at most {@value ShiftedKernels#PLANES} columns wide, at most {@value #MAX_CHANNELS} input
     * and output channels and {@value #MAX_POSITIONS} output positions per image (the CIFAR ResNets), planes that fit
     * the kernels' larger fixed stride ({@link ShiftedKernels#PLANE_LARGE} floats: the output rows and the kernel's
     * rows below them, times the row width), and the filter gradient's switch on
     * ({@code -Dresvec.conv.shiftedFilterGradient}, which turns both off).
     */
    public static boolean pays(ConvShape s) {
        return ShiftedFilterGradient.settings().enabled() && s.groups() == 1 && s.strideH() == 1
                && s.strideW() == 1 && s.dilationH() == 1 && s.dilationW() == 1 && !s.isPointwise()
                && s.inChannels() <= MAX_CHANNELS && s.outChannels() <= MAX_CHANNELS
                && s.outHeight() * s.outWidth() <= MAX_POSITIONS && s.kernelW() <= ShiftedKernels.PLANES
                && (long) (s.outHeight() + s.kernelH() - 1) * s.outWidth() <= ShiftedKernels.PLANE_LARGE;
    }

    /** Whether the data gradient of {@code s} runs here: {@link #pays} for its forward shape ({@link #dataShape}). */
    public static boolean paysData(ConvShape s) {
        return s.padH() <= s.kernelH() - 1 && s.padW() <= s.kernelW() - 1 && pays(s) && pays(dataShape(s));
    }

    /** The forward convolution whose output is the data gradient of stride-1 {@code s}. */
    static ConvShape dataShape(ConvShape s) {
        return new ConvShape(s.batch(), s.outChannels(), s.outHeight(), s.outWidth(), s.inChannels(), s.kernelH(),
                s.kernelW(), 1, 1, s.kernelH() - 1 - s.padH(), s.kernelW() - 1 - s.padW(), 1, 1, 1);
    }

    /** {@code out := epilogue(conv(in, w))}, arguments validated by the caller, {@link #pays} true. */
    public static void forward(ShiftedKernels kern, ConvShape s, float[] in, int offIn, float[] w, int offW,
                               float[] out, int offOut, ConvEpilogue e, Parallelism parallelism) {
        run(kern, s, in, offIn, pack(s, w, offW, false, ConvScratch.filters(packedSize(s, false))), out, offOut, e,
                parallelism);
    }

    /**
     * {@code out := epilogue(conv(in, w))} with the filters packed once by {@link #prepare}: the same operations as
     * {@link #forward(ShiftedKernels, ConvShape, float[], int, float[], int, float[], int, ConvEpilogue, Parallelism)},
     * so prepared filters give its bits.
     */
    public static void forward(ShiftedKernels kern, ConvShape s, float[] in, int offIn, float[] prepared, float[] out,
                               int offOut, ConvEpilogue e, Parallelism parallelism) {
        run(kern, s, in, offIn, prepared, out, offOut, e, parallelism);
    }

    /** @return the filters of {@code s} packed for its forward, in an array of their own ({@link #pays} true) */
    public static float[] prepare(ConvShape s, float[] w, int offW) {
        return pack(s, w, offW, false, new float[packedSize(s, false)]);
    }

    /** {@code gradIn := ∂L/∂in} (overwritten), arguments validated by the caller, {@link #paysData} true. */
    public static void backwardData(ShiftedKernels kern, ConvShape s, float[] gradOut, int offG, float[] w,
                                    int offW, float[] gradIn, int offGradIn, Parallelism parallelism) {
        ConvShape d = dataShape(s);
        run(kern, d, gradOut, offG, pack(s, w, offW, true, ConvScratch.filters(packedSize(s, true))), gradIn,
                offGradIn, ConvEpilogue.none(), parallelism);
    }

    /**
     * The filters as {@code [block of 8 output channels][tap r·S + s][input channel c][8]} (the order in which
     * {@link ShiftedKernels#directTileSmall} reads them). With {@code forData}, those of {@link #dataShape}: output
     * channel c, input channel k, tap (R−1−r, S−1−s). Packed into {@code packed}: for a plain call the calling
     * thread's filter scratch ({@link ConvScratch#filters}; the filters change on every training call, and the
     * call's tasks only read them). The last block's rows past K hold whatever the array held: each row of a tile
     * sums with its own filter row alone, and the rows past K are never stored.
     */
    private static float[] pack(ConvShape s, float[] w, int offW, boolean forData, float[] packed) {
        int k = s.outChannels(), c = s.inChannels(), r = s.kernelH(), sw = s.kernelW(), rs = r * sw;
        int outs = forData ? c : k, ins = forData ? k : c, taps = ins * rs, bk = ShiftedKernels.DIRECT_K;
        for (int o = 0; o < outs; o++) {
            for (int i = 0; i < ins; i++) {
                for (int q = 0; q < rs; q++) {
                    int src = forData ? offW + (i * c + o) * rs + (rs - 1 - q) : offW + (o * c + i) * rs + q;
                    packed[(o / bk * taps + q * ins + i) * bk + o % bk] = w[src];
                }
            }
        }
        return packed;
    }

    /** Floats of {@link #pack}'s layout: whole blocks of 8 output channels × all taps of all input channels. */
    private static int packedSize(ConvShape s, boolean forData) {
        int outs = forData ? s.inChannels() : s.outChannels(), ins = forData ? s.outChannels() : s.inChannels();
        int bk = ShiftedKernels.DIRECT_K;
        return Math.ceilDiv(outs, bk) * ins * s.kernelH() * s.kernelW() * bk;
    }

    /**
     * Positions per tile ({@link ShiftedKernels#directTileSmall}, {@link ShiftedKernels#directTileLarge}): three
     * vectors, or two where three would leave a one- or two-vector remainder of at least an eighth of an image's
     * positions and two divide them (64@8×8 on 16 lanes: three leave a fourth of the positions to a one-vector
     * tile). Why not always two (the GEMM's 8×2-vector tile, fewer registers): with few channels the inner loop is
     * short, and its overhead weighs more on a smaller tile. Measured (Xeon Emerald Rapids, 16 lanes, 1 thread,
     * batch 64, forward and data gradient alike), three vectors against two: 3→16@32×32 0.58 against 1.05 ms,
     * 16@32×32 2.21 against 2.42, 32@16×16 1.94–2.10 either way, 64@8×8 2.18 against 2.02–2.05. The bits are the
     * same for every tile length (each output element's sum runs in one order).
     *
     * @param lanes the kernels' {@link ShiftedKernels#lanes()}
     * @param ohw   output positions of one image
     */
    static int tilePositions(int lanes, int ohw) {
        int three = 3 * lanes, two = 2 * lanes, rest = ohw % three;
        return rest != 0 && 8 * rest >= ohw && ohw % two == 0 ? two : three;
    }

    /** Per-thread scratch: the planes of one image, one tile for the epilogue. */
    private static final class Scratch {
        float[] planes = new float[0];
        float[] tile = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static void run(ShiftedKernels kern, ConvShape s, float[] in, int offIn, float[] packed, float[] out,
                            int offOut, ConvEpilogue e, Parallelism parallelism) {
        ShiftedRows rows = ShiftedRows.of(s, false);
        int c = s.inChannels(), k = s.outChannels(), ohw = s.outHeight() * s.outWidth(), hw = s.height() * s.width();
        int taps = c * s.kernelH() * s.kernelW(), kBlocks = Math.ceilDiv(k, ShiftedKernels.DIRECT_K);
        int threads = parallelism.threadCount(), kernelTaps = s.kernelH() * s.kernelW();
        boolean small = rows.planeSize(s.outHeight()) <= ShiftedKernels.PLANE_SMALL;
        int planeSize = small ? ShiftedKernels.PLANE_SMALL : ShiftedKernels.PLANE_LARGE;
        int channelStride = ShiftedKernels.PLANES * planeSize;
        int[] tapOffsets = new int[kernelTaps];   // channel 0's, the same for every image: read by all the tasks
        rows.tapOffsets(1, planeSize, tapOffsets);
        int tileLen = tilePositions(kern.lanes(), ohw);
        // whole images per task; with fewer images than threads, images × blocks of output channels
        int kParts = s.batch() >= threads ? 1 : Math.min(kBlocks, Math.ceilDiv(threads, s.batch()));
        long workPerTask = (long) Math.ceilDiv(kBlocks, kParts) * ShiftedKernels.DIRECT_K * taps * ohw;
        ConvTasks.run(s.batch() * kParts, workPerTask, parallelism, (task, inner) -> {
            int n = task / kParts, part = task % kParts;
            Scratch sc = SCRATCH.get();
            if (sc.planes.length < c * channelStride) {
                sc.planes = new float[c * channelStride];
            }
            if (rows.planes == ShiftedKernels.PLANES) {
                rows.lower(in, offIn + n * c * hw, c, 0, s.outHeight(), sc.planes, 0, planeSize);
            } else {
                for (int ch = 0; ch < c; ch++) {   // fewer planes than the fixed channel stride holds
                    rows.lower(in, offIn + (n * c + ch) * hw, 1, 0, s.outHeight(), sc.planes, ch * channelStride,
                            planeSize);
                }
            }
            for (int kb = kBlocks * part / kParts, kbEnd = kBlocks * (part + 1) / kParts; kb < kbEnd; kb++) {
                int k0 = kb * ShiftedKernels.DIRECT_K, validK = Math.min(ShiftedKernels.DIRECT_K, k - k0);
                int wOff = kb * taps * ShiftedKernels.DIRECT_K;
                for (int j = 0; j < ohw; j += tileLen) {
                    int len = Math.min(tileLen, ohw - j), at = offOut + (n * k + k0) * ohw + j;
                    boolean straight = validK == ShiftedKernels.DIRECT_K && e.isNone();
                    if (!straight && sc.tile.length < ShiftedKernels.DIRECT_K * tileLen) {
                        sc.tile = new float[ShiftedKernels.DIRECT_K * tileLen];
                    }
                    float[] dst = straight ? out : sc.tile;
                    int dOff = straight ? at : 0, dStride = straight ? ohw : tileLen;
                    if (small) {
                        kern.directTileSmall(sc.planes, tapOffsets, kernelTaps, c, j, packed, wOff, len, dst, dOff,
                                dStride);
                    } else {
                        kern.directTileLarge(sc.planes, tapOffsets, kernelTaps, c, j, packed, wOff, len, dst, dOff,
                                dStride);
                    }
                    if (!straight) {
                        epilogue(kern, sc.tile, tileLen, validK, len, k0, n * k + k0, ohw, j, e, out, offOut);
                    }
                }
            }
        });
    }

    /** out := relu?(tile + bias[k] + residual) for the tile's valid rows (the residual may be out itself). */
    private static void epilogue(ShiftedKernels kern, float[] tile, int tileLen, int validK, int len, int k0,
                                 int plane0, int ohw, int j, ConvEpilogue e, float[] out, int offOut) {
        float[] bias = e.bias();
        for (int i = 0; i < validK; i++) {
            int o = offOut + (plane0 + i) * ohw + j, r = e.residualOffset() + (plane0 + i) * ohw + j;
            kern.epilogueRow(tile, i * tileLen, bias == null ? -0f : bias[e.biasOffset() + k0 + i], e.residual(), r,
                    e.relu(), out, o, len);
        }
    }
}
