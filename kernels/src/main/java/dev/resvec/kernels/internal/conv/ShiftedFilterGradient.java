package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.ParallelRunner;
import dev.resvec.kernels.internal.Settled;
import dev.resvec.kernels.internal.TuningProperty;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The filter gradient {@code gradW[k, c, r, s] = Σ_{n,y,x} gradOut[n, k, y, x] · in[n, c, y·st + r·d − p, …]} without
 * im2col and without a GEMM: the input is lowered to {@link ShiftedRows} planes (a tap's operand is then one
 * contiguous run over the output positions, like the output gradient's plane), and each 8 output channels × 3 taps
 * block is summed by {@link ShiftedKernels#filterBlock} with the positions in the vector lanes.
 *
 * <p>Why: as a GEMM ({@code gradW = gradOut·colsᵀ}, depth = positions) both operands are contiguous along the
 * depth, so im2col writes the columns and the GEMM's packing then reads them transposed: at the CIFAR ResNet
 * widths (16–64 output channels) that copying, not the multiply-adds, bounded it at 21–51 GFLOP/s on a Zen 5 core.
 * Here the reduction runs along the contiguous direction: per step 11 vector loads feed 24 FMAs, nothing is packed,
 * and the lowering writes S floats per input float (3 for a 3×3 stride 1) where im2col writes R·S.
 *
 * <p>Work: the output positions are cut into units (whole images, or bands of rows of one image when an image is
 * large) and the units into chunks whose planes fit the L2 cache and whose output gradient rows of 8 channels fit
 * the L1 cache; per chunk the planes are written once and every block of the task runs over the chunk's units, each
 * unit's sums added to the block's lane-wise partials, which are folded into gradW once at the end. Tasks own ranges
 * of input channels (and, when there are few channels, of output channels; the parts of one channel range then each
 * lower its input channels) into their own scratch, so the threads share no writes. The units depend on the shape alone and each element's partials take its units'
 * sums in unit order, so the result is bitwise the same for every thread count and split.
 *
 * <p>Error ({@link #roundings}): a product of unit u goes through at most ⌈B/lanes⌉ roundings in its lane's chain
 * (B positions per unit, the vector kernel's masked last step included: it adds into the unit's own sums), one per
 * unit from u on when that unit's sums meet the partials (U units in all), and one when the lanes, summed in double,
 * are rounded to float: ⌈B/lanes⌉ + U + 1, counted as {@code (⌈B/lanes⌉ + U + 3)·u·Σ|g·x|} to first order (Higham, Accuracy and Stability of Numerical Algorithms,
 * §3.1). The scalar twin sums each unit in double and rounds once per unit, inside the same bound with lanes = 1.
 */
public final class ShiftedFilterGradient {
    /** The property that overrides the floats of planes per chunk. */
    static final String PLANE_FLOATS = "resvec.conv.shiftedPlaneFloats";
    /** The property that overrides the output positions per chunk. */
    static final String POSITIONS = "resvec.conv.shiftedPositions";
    /** The property that turns this filter gradient off. */
    static final String ENABLED = "resvec.conv.shiftedFilterGradient";
    /** The largest plane budget an override may give (1 GiB of floats: the scratch is sized from it). */
    static final int MAX_PLANE_FLOATS = 1 << 28;
    /** The largest position budget an override may give. */
    static final int MAX_POSITION_BUDGET = 1 << 20;
    /**
     * Input channels lowered at a time: their planes for a chunk stay in the L2 cache, and the chunk sizes (which
     * fix the order of the additions) depend on the shape alone, not on a task's share of the channels.
     */
    static final int SLICE_CHANNELS = 16;
    /** Below this many multiply-adds in all, one thread is faster than a hand-off. */
    private static final long MIN_PARALLEL_WORK = 1L << 20;

    private ShiftedFilterGradient() {}

    /**
     * The settings, from the system properties.
     *
     * @param enabled        whether {@link #pays} may say yes; off with
     *                       {@code -Dresvec.conv.shiftedFilterGradient=false} (every filter gradient then a GEMM),
     *                       for measuring the training step before and after in one build
     * @param planeBudget    floats of planes per chunk: half the L2 cache ({@code -Dresvec.conv.shiftedPlaneFloats})
     * @param positionBudget output positions per chunk ({@code -Dresvec.conv.shiftedPositions}): the block's 8
     *                       output-gradient rows and 3 tap runs then stay in the L1 cache. On a Zen 5 core (48 KiB
     *                       L1) the kernel ran at 203 GFLOP/s over 384 and 512 positions, 169 over 768, 133 over 1024
     */
    record Settings(boolean enabled, int planeBudget, int positionBudget) {
        /**
         * @param properties the system properties (a map in tests)
         * @param l2         this core's L2 cache in bytes
         * @throws IllegalStateException when a property is malformed: the switch not true or false, a budget not
         *                               an integer from 1 to its maximum
         */
        static Settings parse(UnaryOperator<String> properties, long l2) {
            int planeDefault = (int) Math.max(1 << 14, Math.min(1 << 20, l2 / 2 / Float.BYTES));
            return new Settings(TuningProperty.parseFlag(ENABLED, properties.apply(ENABLED), true),
                    TuningProperty.readInt(properties, PLANE_FLOATS, planeDefault, 1, MAX_PLANE_FLOATS),
                    TuningProperty.readInt(properties, POSITIONS, 512, 1, MAX_POSITION_BUDGET));
        }
    }

    // Settled: a malformed property fails every call the same way, not with a NoClassDefFoundError from the second.
    private static final class Holder {
        static final Settled<Settings> SYSTEM = Settled.of(() -> Settings.parse(System::getProperty,
                CacheSizes.detected().l2()));
    }

    /**
     * @return this JVM's settings, read on the first call
     * @throws IllegalStateException on every call when one of the properties is malformed
     */
    static Settings settings() {
        return Holder.SYSTEM.get();
    }

    /** Most input or output channels per group for which {@link #pays}. */
    static final int MAX_CHANNELS = 64;
    /** Most output positions per image for which {@link #pays}. */
    static final int MAX_POSITIONS = 1024;

    /**
     * Whether this filter gradient runs instead of the GEMM's: at most {@value #MAX_CHANNELS} input and output
     * channels per group and at most {@value #MAX_POSITIONS} output positions per image (the CIFAR ResNets).
     *
     * <p>Measured with {@code FilterGradientBenchmark} (ms per call, GEMM → shifted, 1 thread, median of 5–6
     * iterations, Zen 5 core with AVX-512, 2026-12-02). Faster on every CIFAR ResNet-20 layer at batch 64:
     * 3×3 16→16 at 32×32 7.73 → 2.80, 32→32 at 16×16 5.20 → 3.21, 64→64 at 8×8 5.13 → 3.86, the stem 3→16 2.44 →
     * 0.59, stride 2 16→32 4.88 → 3.45 and 32→64 2.73 → 2.70, the 1×1 stride-2 projections 16→32 0.53 → 0.42 and
     * 32→64 0.46 → 0.39 (on 2 threads 6.14 → 1.62, 3.35 → 1.71, 2.65 → 1.84, 2.39 → 0.45, 3.72 → 1.52, 3.08 → 1.49,
     * 0.71 → 0.43, 0.38 → 0.47). Slower on the ImageNet ResNet layers at batch 8, where the GEMMs are deep and wide:
     * 3×3 64→64 at 56×56 17.1 → 18.1, 128→128 at 28×28 17.1 → 20.1, 256→256 at 14×14 12.6 → 23.4, 512→512 at 7×7
     * 15.9 → 34.7, 1×1 64→256 at 56×56 6.3 → 15.0, 256→64 6.6 → 13.5, 1024→256 at 14×14 4.8 → 13.5, 1×1 stride 2
     * 256→512 10.7 → 33.6, the 7×7 stem 19.9 → 20.5.
     */
    public static boolean pays(ConvShape s) {
        // Measured on dense, undilated layers only; a depthwise layer would run 8-row blocks of 1 output channel.
        return settings().enabled() && s.groups() == 1 && s.dilationH() == 1 && s.dilationW() == 1
                && s.groupInChannels() <= MAX_CHANNELS && s.groupOutChannels() <= MAX_CHANNELS
                && s.outHeight() * s.outWidth() <= MAX_POSITIONS;
    }

    /**
     * How the positions are cut: units of {@code bandRows} output rows (all of an image's rows: whole images), and
     * chunks of {@code unitsPerChunk} units (several images, or one band). {@code stacked}: the chunk's whole images
     * lie one after the other in {@code rows}' planes (a plane per kernel row), so a block sums them as one run.
     */
    record Plan(ShiftedRows rows, int bandRows, int unitsPerChunk, boolean stacked) {
        static Plan of(ConvShape s, int planeBudget, int positionBudget) {
            int oh = s.outHeight(), ow = s.outWidth(), cg = Math.min(SLICE_CHANNELS, s.groupInChannels());
            long ohw = (long) oh * ow;
            // Small images (CIFAR's 8×8 and 16×16): a run of one image is 4–16 vector steps, too short for the 24
            // accumulators' store and add to pay off; stacked, 2–8 images make one run of up to the budget.
            ShiftedRows everyRow = ShiftedRows.of(s, true);
            long stackedImage = (long) cg * everyRow.planes * ohw;
            long stack = Math.min(s.batch(), Math.min(positionBudget / ohw, planeBudget / stackedImage));
            if (stack >= 2) {
                return new Plan(everyRow, oh, (int) stack, true);
            }
            ShiftedRows rows = ShiftedRows.of(s, false);
            long perRow = (long) cg * rows.planes * ow;   // plane floats of one more output row, a slice's channels
            long image = perRow * (oh + rows.extraRows);
            if (ohw <= positionBudget && image <= planeBudget) {
                return new Plan(rows, oh, (int) Math.max(1, Math.min(s.batch(),
                        Math.min(positionBudget / ohw, planeBudget / image))), false);
            }
            long fit = Math.min(positionBudget / ow, planeBudget / perRow - rows.extraRows);
            return new Plan(rows, (int) Math.max(1, Math.min(oh, fit)), 1, false);
        }
    }

    /**
     * @return the most roundings a product goes through with the default budgets (the n of γ_n in the error bound)
     */
    public static long roundings(ConvShape s, int lanes) {
        Settings settings = settings();
        return roundings(s, lanes, settings.planeBudget(), settings.positionBudget());
    }

    /** @return as {@link #roundings(ConvShape, int)}, with the chunk budgets given */
    public static long roundings(ConvShape s, int lanes, int planeBudget, int positionBudget) {
        Plan plan = Plan.of(s, planeBudget, positionBudget);
        if (plan.stacked()) {   // a run per chunk of whole images
            int per = plan.unitsPerChunk();
            return Math.ceilDiv((long) per * s.outHeight() * s.outWidth(), lanes) + Math.ceilDiv(s.batch(), per) + 3;
        }
        long units = (long) s.batch() * Math.ceilDiv(s.outHeight(), plan.bandRows());
        return Math.ceilDiv((long) plan.bandRows() * s.outWidth(), lanes) + units + 3;
    }

    /** Per-thread scratch: planes, output gradient rows, partial sums, tap offsets and unit tables. */
    private static final class Scratch {
        float[] planes = new float[0];
        float[] grad = new float[0];
        float[] part = new float[0];
        int[] taps = new int[0];
        int[] len = new int[0];
        float[] sums = new float[0];

        void ensure(int planeFloats, int gradFloats, int partFloats, int blockFloats, int tapCount, int units) {
            if (planes.length < planeFloats) {
                planes = new float[planeFloats];
            }
            if (grad.length < gradFloats) {
                grad = new float[gradFloats];
            }
            if (part.length < partFloats) {
                part = new float[partFloats];
            }
            if (sums.length < blockFloats) {
                sums = new float[blockFloats];
            }
            if (taps.length < tapCount) {
                taps = new int[tapCount];
            }
            if (len.length < units) {
                len = new int[units];
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * {@code gradW := ∂L/∂w} (overwritten), arguments validated by the caller.
     *
     * @param kernels the provider's kernels
     */
    public static void run(ShiftedKernels kernels, ConvShape s, float[] in, int offIn, float[] gradOut, int offG,
                           float[] gradW, int offGradW, Parallelism parallelism) {
        Settings settings = settings();
        run(kernels, s, in, offIn, gradOut, offG, gradW, offGradW, parallelism, settings.planeBudget(),
                settings.positionBudget(), MIN_PARALLEL_WORK);
    }

    /**
     * As {@link #run}, with the chunk budgets and the least work for threads given (tests drive bands, chunk edges
     * and the task split on small shapes).
     */
    public static void run(ShiftedKernels kernels, ConvShape s, float[] in, int offIn, float[] gradOut, int offG,
                           float[] gradW, int offGradW, Parallelism parallelism, int planeBudget,
                           int positionBudget, long minParallelWork) {
        Plan plan = Plan.of(s, planeBudget, positionBudget);
        int cg = s.groupInChannels(), kBlocks = Math.ceilDiv(s.groupOutChannels(), ShiftedKernels.BLOCK_K);
        int threads = s.flops() / 2 < minParallelWork ? 1 : parallelism.threadCount();
        // tasks: ranges of input channels, and of output-channel blocks when the channels alone are too few
        int want = threads == 1 ? 1 : 2 * threads;
        int cParts = Math.min(cg, want), kParts = Math.min(kBlocks, Math.ceilDiv(want, cParts));
        int tasks = s.groups() * cParts * kParts;
        ParallelRunner.run(tasks, threads == 1 ? Parallelism.singleThread() : parallelism, task -> {
            int g = task / (cParts * kParts), cp = task / kParts % cParts, kp = task % kParts;
            int c0 = cg * cp / cParts, c1 = cg * (cp + 1) / cParts;
            int k0 = ShiftedKernels.BLOCK_K * (kBlocks * kp / kParts);
            int k1 = Math.min(s.groupOutChannels(), ShiftedKernels.BLOCK_K * (kBlocks * (kp + 1) / kParts));
            task(kernels, s, plan, g, c0, c1, k0, k1, in, offIn, gradOut, offG, gradW, offGradW);
        });
    }

    /** Input channels [c0, c1) × output channels [k0, k1) of group g: writes that part of gradW. */
    private static void task(ShiftedKernels kernels, ConvShape s, Plan plan, int g, int c0, int c1, int k0, int k1,
                             float[] in, int offIn, float[] gradOut, int offG, float[] gradW, int offGradW) {
        final ShiftedRows rows = plan.rows();
        final int rs = s.kernelH() * s.kernelW(), crs = s.groupInChannels() * rs, kg = s.groupOutChannels();
        final int ow = s.outWidth(), oh = s.outHeight(), ohw = oh * ow, hw = s.height() * s.width();
        final int lanes = kernels.lanes(), bandRows = plan.bandRows(), perChunk = plan.unitsPerChunk();
        final int channels = Math.min(SLICE_CHANNELS, c1 - c0), ks = k1 - k0;
        final int kBlocks = Math.ceilDiv(ks, ShiftedKernels.BLOCK_K);
        final int tBlocks = Math.ceilDiv(channels * rs, ShiftedKernels.BLOCK_T);
        final int partSize = kernels.partialSize();
        // where a unit's planes and output gradient run lie: stacked, one after the other inside each plane (and
        // row of the output gradient); else each unit's planes after the previous unit's, each run padded to lanes
        final int planeSize, unitPlanes, unitG;
        if (plan.stacked()) {
            planeSize = perChunk * ohw;
            unitPlanes = ohw;
            unitG = ohw;
        } else {
            planeSize = rows.planeSize(bandRows);
            unitPlanes = channels * rows.planes * planeSize;
            unitG = Math.ceilDiv(bandRows * ow, lanes) * lanes;
        }
        // output gradient rows of the chunk: one run per output channel, units side by side (rows past k1 zero); a
        // row length that is a multiple of 1 KiB would put all 8 rows of a block in the same L1 sets
        int gStride = Math.ceilDiv(perChunk * unitG, lanes) * lanes;
        gStride += gStride % 256 == 0 ? lanes : 0;
        final int gRows = kBlocks * ShiftedKernels.BLOCK_K;
        final int wRow0 = offGradW + (g * kg + k0) * crs;   // gradW index of (k0, tap 0)
        Scratch sc = SCRATCH.get();
        sc.ensure(channels * rows.planes * (plan.stacked() ? planeSize : perChunk * planeSize), gRows * gStride,
                kBlocks * tBlocks * partSize, partSize, channels * rs, perChunk);
        Arrays.fill(sc.grad, ks * gStride, gRows * gStride, 0f);
        rows.tapOffsets(channels, planeSize, sc.taps);
        int bands = Math.ceilDiv(oh, bandRows), unitsTotal = s.batch() * bands;
        for (int cs = c0; cs < c1; cs += channels) {
            int sliceChannels = Math.min(channels, c1 - cs), sliceTaps = sliceChannels * rs;
            Arrays.fill(sc.part, 0, kBlocks * tBlocks * partSize, 0f);
            for (int u0 = 0; u0 < unitsTotal; u0 += perChunk) {
                int units = Math.min(perChunk, unitsTotal - u0);
                for (int u = 0; u < units; u++) {
                    int n = (u0 + u) / bands, y0 = (u0 + u) % bands * bandRows;
                    int b = Math.min(bandRows, oh - y0), len = b * ow;
                    int src = offG + (n * s.outChannels() + g * kg + k0) * ohw + y0 * ow;
                    // zeros after the run up to the lanes' next multiple: the kernels' last step reads them
                    // (stacked, the next image overwrites them)
                    int end = Math.ceilDiv(u * unitG + len, lanes) * lanes;
                    for (int k = 0; k < ks; k++) {
                        int dst = k * gStride + u * unitG;
                        System.arraycopy(gradOut, src + k * ohw, sc.grad, dst, len);
                        Arrays.fill(sc.grad, dst + len, k * gStride + end, 0f);
                    }
                    rows.lower(in, offIn + (n * s.inChannels() + g * s.groupInChannels() + cs) * hw, sliceChannels,
                            y0, b, sc.planes, u * unitPlanes, planeSize);
                    sc.len[u] = len;
                }
                if (plan.stacked()) {   // the chunk's images as one run
                    sc.len[0] = units * ohw;
                    units = 1;
                }
                for (int kb = 0; kb < kBlocks; kb++) {
                    int gBlock = kb * ShiftedKernels.BLOCK_K * gStride;
                    for (int t = 0; t < sliceTaps; t += ShiftedKernels.BLOCK_T) {
                        int validT = Math.min(ShiftedKernels.BLOCK_T, sliceTaps - t);
                        // a short last block repeats its last tap: those sums are computed and never folded
                        int xt0 = sc.taps[t], xt1 = sc.taps[t + Math.min(1, validT - 1)];
                        int xt2 = sc.taps[t + validT - 1];
                        int partOff = (kb * tBlocks + t / ShiftedKernels.BLOCK_T) * partSize;
                        for (int u = 0; u < units; u++) {
                            kernels.filterBlock(sc.grad, gBlock + u * unitG, gStride, sc.planes, u * unitPlanes,
                                    xt0, xt1, xt2, sc.len[u], sc.part, partOff, sc.sums);
                        }
                    }
                }
            }
            for (int kb = 0; kb < kBlocks; kb++) {
                int validK = Math.min(ShiftedKernels.BLOCK_K, ks - kb * ShiftedKernels.BLOCK_K);
                for (int t = 0; t < sliceTaps; t += ShiftedKernels.BLOCK_T) {
                    kernels.filterFold(sc.part, (kb * tBlocks + t / ShiftedKernels.BLOCK_T) * partSize, gradW,
                            wRow0 + kb * ShiftedKernels.BLOCK_K * crs + cs * rs + t, crs, validK,
                            Math.min(ShiftedKernels.BLOCK_T, sliceTaps - t));
                }
            }
        }
    }
}
