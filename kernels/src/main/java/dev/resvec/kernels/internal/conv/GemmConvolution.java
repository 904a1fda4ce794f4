package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.PackedPanels;
import dev.resvec.kernels.internal.SgemmKernel;

/**
 * Convolution as GEMM, in float on a provider's SGEMM (arguments were validated by the facade, so the GEMM is
 * called straight through its internal interface). Per image n and group g, with {@code cols} the
 * {@code (Cg·R·S) × (outH·outW)} im2col matrix ({@link Im2col}) and W_g the group's filters as a
 * {@code Kg × (Cg·R·S)} matrix (their stored layout):
 * <pre>
 *   forward:        out_{n,g}   = epilogue(W_g · cols_{n,g})            one GEMM, bias/residual/ReLU in its write-back
 *   data gradient:  gradIn_{n,g} = col2im(W_gᵀ · gradOut_{n,g})          col2im scatter-adds ({@link Col2im})
 *   filter grad.:   gradW_g     = Σ_n gradOut_{n,g} · cols_{n,g}ᵀ        beta = 1 after the first term, in order
 * </pre>
 * {@code POINTWISE_GEMM} with stride 1 needs no columns at all: the input image is already the {@code C × (H·W)}
 * matrix, so {@code out_n = W·in_n}, {@code gradIn_n = Wᵀ·gradOut_n}, {@code gradW += gradOut_n·in_nᵀ} read and
 * write the tensors in place. With a stride, its "im2col" is the strided gather of a 1×1 kernel and its col2im the
 * strided scatter (zeros at the positions the stride skips). With pre-packed filters and small planes, several images
 * are one product instead ({@link BatchedPointwise}).
 *
 * <p>Memory and threads: the columns are built a cache-sized block at a time ({@link ColumnBlocks}) into per-thread
 * scratch ({@link ConvScratch}), so steady-state calls allocate nothing large. The forward pass and the data
 * gradient split their independent tasks (image × group × block) over the threads ({@link ConvTasks}); the filter
 * gradient, a reduction over images and blocks, is split by ranges of gradW's columns (group × rows of cols, fixed
 * by the shape), each summed over images and blocks in one fixed order. Either way every element is computed by
 * the same operations in the same order for every thread count: results are bitwise identical. Where every image's
 * GEMM runs transposed (few output positions) and each thread has several, the filters of the forward pass and the
 * data gradient are packed once per call into the calling thread's scratch instead of once per image.
 *
 * <p>{@code DIRECT} on float arrays runs the double reference and rounds ({@link DirectFloat}); the Winograd
 * algorithms' filter gradient is computed here as for {@code IM2COL_GEMM} (by the facade's entry, in the Winograd
 * domain or on shifted rows where those pay).
 */
public final class GemmConvolution {
    private GemmConvolution() {}

    // ---------------------------------------------------------------------------------------------------------
    // float, on the active provider

    /**
     * {@code out := epilogue(conv(in, w))} with the active provider: by {@link ShiftedForward} or
     * {@link StridedForward} where it {@linkplain ShiftedForward#pays pays} ({@linkplain StridedForward#pays
     * pays}; IM2COL_GEMM); else with its SGEMM: for im2col with groups 1, strides 1–2
     * and no dilation, the filters packed on this call and the columns gathered as a prepared convolution gathers
     * them, unless the product is thin ({@link #thinProduct}); otherwise columns lowered by {@link Im2col}.
     */
    public static void forward(ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn, float[] w, int offW,
                               float[] out, int offOut, ConvEpilogue epilogue, Parallelism parallelism) {
        if (algorithm == ConvAlgorithm.IM2COL_GEMM && ShiftedForward.pays(s)) {
            ShiftedForward.forward(ShiftedBackends.active(), s, in, offIn, w, offW, out, offOut, epilogue,
                    parallelism);
            return;
        }
        if (algorithm == ConvAlgorithm.IM2COL_GEMM && StridedForward.pays(s)) {
            StridedForward.forward(s, in, offIn, w, offW, out, offOut, epilogue, parallelism);
            return;
        }
        ConvContext context = ConvContext.active();
        // The training path: its filters change on every call, but packing them here (a new array a call: 92 KB a
        // CIFAR ResNet-20 step) costs less than the lowering it saves, the prepared path's gather from a padded,
        // phase-split copy instead of Im2col's row by row copies (ResNet-20 at batch 64, 1 thread, both alternated
        // in one JVM, ms: 16→32 3×3/2 at 32×32 3.29 → 1.61, 32→64 at 16×16 2.76 → 1.90, the 3→16 stem 0.72 →
        // 0.63). ConvForwardTest drives both paths on every shape, against the double reference.
        ColumnIndex index = thinProduct(context, s, parallelism) ? null : columnIndex(s, algorithm);
        if (index != null) {
            forward(context, s, algorithm, in, offIn, packFilters(context, s, w, offW), index, out, offOut, epilogue,
                    parallelism);
            return;
        }
        forward(context, s, algorithm, in, offIn, w, offW, out, offOut, epilogue, parallelism);
    }

    /**
     * {@code gradIn := ∂L/∂in} with the active provider: by {@link ShiftedForward} where
     * {@link ShiftedForward#paysData} says so (IM2COL_GEMM), else with its SGEMM.
     */
    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, float[] gradOut, int offG, float[] w,
                                    int offW, float[] gradIn, int offGradIn, Parallelism parallelism) {
        if (algorithm == ConvAlgorithm.IM2COL_GEMM && ShiftedForward.paysData(s)) {
            ShiftedForward.backwardData(ShiftedBackends.active(), s, gradOut, offG, w, offW, gradIn, offGradIn,
                    parallelism);
            return;
        }
        backwardData(ConvContext.active(), s, algorithm, gradOut, offG, w, offW, gradIn, offGradIn, parallelism);
    }

    /**
     * {@code gradW := ∂L/∂w} and, unless null, {@code gradBias := ∂L/∂bias}, with the active provider: channels
     * along the lanes where {@link ChannelsLastFilterGradient#pays}, else in the Winograd domain where
     * {@link WinogradFilterGradient#pays} (3×3 stride 1), else by {@link ShiftedFilterGradient}
     * where {@link ShiftedFilterGradient#pays} says it is the faster, else as a GEMM.
     */
    public static void backwardFilter(ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn, float[] gradOut,
                                      int offG, float[] gradW, int offGradW, float[] gradBias, int offGradBias,
                                      Parallelism parallelism) {
        boolean direct = algorithm == ConvAlgorithm.DIRECT;
        if (!direct && ChannelsLastFilterGradient.pays(s)) {
            ChannelsLastFilterGradient.run(ConvContext.active().backend(), s, in, offIn, gradOut, offG, gradW,
                    offGradW, parallelism);
        } else if (!direct && WinogradFilterGradient.pays(s)) {
            WinogradFilterGradient.run(ConvContext.active().backend(), s, in, offIn, gradOut, offG, gradW, offGradW,
                    parallelism);
        } else if (!direct && ShiftedFilterGradient.pays(s)) {
            ShiftedFilterGradient.run(ShiftedBackends.active(), s, in, offIn, gradOut, offG, gradW, offGradW,
                    parallelism);
        } else {
            backwardFilter(ConvContext.active(), s, algorithm, in, offIn, gradOut, offG, gradW, offGradW, gradBias,
                    offGradBias, parallelism);
            return;
        }
        if (gradBias != null) {
            biasGradient(s, gradOut, offG, gradBias, offGradBias);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // float, on a given backend and block size (tests run both providers in one JVM through these)

    /** Forward on the given kernels and column blocks. */
    public static void forward(ConvContext context, ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn,
                               float[] w, int offW, float[] out, int offOut, ConvEpilogue e,
                               Parallelism parallelism) {
        if (algorithm == ConvAlgorithm.DIRECT) {
            DirectFloat.forward(s, in, offIn, w, offW, out, offOut, e);
            return;
        }
        forward(context, s, algorithm, in, offIn, w, offW, null, out, offOut, e, parallelism);
    }

    /**
     * The filters of each group packed once as the GEMM's left operand (for inference: a prepared convolution
     * multiplies them by every new input without packing them again).
     */
    public static PackedPanels[] packFilters(ConvContext context, ConvShape s, float[] w, int offW) {
        SgemmKernel gemm = context.backend().sgemm();
        int kg = s.groupOutChannels(), crs = s.groupInChannels() * s.kernelH() * s.kernelW();
        PackedPanels[] packed = new PackedPanels[s.groups()];
        for (int g = 0; g < packed.length; g++) {
            packed[g] = gemm.pack(false, kg, crs, w, offW + g * kg * crs, crs);
        }
        return packed;
    }

    /**
     * Forward with the filters pre-packed by {@link #packFilters} (same context). Where a {@link ColumnIndex} is
     * given, the im2col matrix is never written: each image is copied once, padded and phase-split, and the GEMM
     * packs the strips it needs from that copy ({@link ImplicitColumns}). Where the images do not share out evenly
     * among the threads, each image's output positions are split into {@link #bands} instead.
     *
     * @param index the shape's column index ({@link #columnIndex}), or null to lower columns with {@link Im2col}
     *              (and for 1×1 stride 1, whose input is the GEMM's operand as it lies)
     */
    public static void forward(ConvContext context, ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn,
                               PackedPanels[] filters, ColumnIndex index, float[] out, int offOut, ConvEpilogue e,
                               Parallelism parallelism) {
        if (index == null) {
            forward(context, s, algorithm, in, offIn, null, 0, filters, out, offOut, e, parallelism);
            return;
        }
        final SgemmKernel gemm = context.backend().sgemm();
        final ColumnGather gather = gather(context);
        final int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth(), k = s.outChannels();
        final boolean inPlace = e.residual() == out && e.residualOffset() == offOut;
        final float beta = inPlace ? 1f : 0f;
        final int size = index.layout.size();
        final int bands = bands(s.batch(), parallelism.threadCount());
        ConvTasks.run(s.batch() * bands, (long) k * index.taps * ohw / bands, parallelism, (task, inner) -> {
            int n = task / bands, band = task % bands;
            int outRel = n * k * ohw, inOff = offIn + n * s.inChannels() * hw;
            float[] prepared = ConvScratch.floats(size);
            int j0 = 0, j1 = ohw;
            if (bands == 1) {
                index.layout.prepare(gather, in, inOff, prepared, inner);
            } else {
                int cells = Math.ceilDiv(ohw, BAND_GRID);
                j0 = cells * band / bands * BAND_GRID;
                j1 = Math.min(ohw, cells * (band + 1) / bands * BAND_GRID);
                if (j0 >= j1) {
                    return;
                }
                index.layout.prepareOutputRows(gather, in, inOff, prepared, j0 / s.outWidth(), (j1 - 1) / s.outWidth(),
                        s.kernelH());
            }
            gemm.sgemm(filters[0], new ImplicitColumns(gather, index, prepared, 0, j0), j1 - j0, 1f, beta, out,
                    offOut + outRel + j0, ohw, gemmEpilogue(e, 0, outRel + j0, ohw, inPlace), inner);
        });
    }

    /**
     * Whether the pre-packed forward's GEMM would run transposed on this shape (few output positions per image or
     * band: 512@7×7 or a stride-2 layer at batch 1). It then reads the filters in a second packed layout, which
     * filters packed for one call first rearrange into, element by element, on top of packing them, and both arrays
     * are new on every call. The lowered columns' plain GEMM packs the filters straight into the transposed
     * product's layout, split between the threads, in reused buffers. Zen 5, batch 1, the two paths alternated in
     * one JVM (medians, ms; bench/results/zen5-epyc-2vcpu-avx512/training-thin-2026-12-05-night): 512@7×7 3×3
     * 5.78 → 2.07 on 1 thread and 6.26 → 1.47 on 2, 3×3/2 256@28×28 on 2 threads 13.8 → 1.31, 3×3/2 512@14×14 6.78
     * → 2.44 and 5.63 → 1.68. With several images a thread, the filters are packed once for all of them
     * ({@link #forwardFiltersPackedOnce}).
     */
    private static boolean thinProduct(ConvContext context, ConvShape s, Parallelism parallelism) {
        int positions = Math.ceilDiv(s.outHeight() * s.outWidth(), bands(s.batch(), parallelism.threadCount()));
        return context.backend().sgemm().transposesWithSource(s.outChannels(),
                positions, s.inChannels() * s.kernelH() * s.kernelW());
    }

    /** Output positions of a band start at multiples of this: whole register-tile rows of the swapped product. */
    private static final int BAND_GRID = 8;

    /**
     * Bands of output positions per image in the pre-packed forward: 1 where the images share out evenly among the
     * threads, else one per thread, each band a task that prepares only the input rows it reads, into its own
     * thread's scratch, and runs its GEMM alone. Splitting one image's GEMM between the threads instead had each
     * thread gather columns from a copy that the other thread had written (the copy was split by channels) and
     * write lines of the output the other thread held: on 2 threads each ran its half of the GEMM at 60–70 % of its
     * 1-thread speed. Zen 5, 2 threads, one image, both builds alternated in one JVM (ms, medians of 15):
     * 64→128 3×3/2 at 56×56 0.762 → 0.550, 128→256 at 28×28 0.647 → 0.444, 256→512 at 14×14 0.591 → 0.433, the
     * 7×7/2 stem 0.844 → 0.816.
     */
    static int bands(int batch, int threads) {
        return batch % threads == 0 ? 1 : threads;
    }

    /** @return the provider's column gather */
    static ColumnGather gather(ConvContext context) {
        return context.backend().provider().isVector() ? VectorGather.INSTANCE : ColumnGather.scalar();
    }

    private static final class VectorGather {
        static final ColumnGather INSTANCE = dev.resvec.kernels.vector.VectorColumnGather.create();
    }

    /** @return the column index the pre-packed forward gathers with, or null where it lowers columns instead */
    public static ColumnIndex columnIndex(ConvShape s, ConvAlgorithm algorithm) {
        return algorithm == ConvAlgorithm.IM2COL_GEMM && ColumnIndex.accepts(s) ? new ColumnIndex(s) : null;
    }

    /** Forward of the GEMM algorithms, with the filters raw ({@code w}) or pre-packed ({@code packed}). */
    private static void forward(ConvContext context, ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn,
                                float[] w, int offW, PackedPanels[] packed, float[] out, int offOut, ConvEpilogue e,
                                Parallelism parallelism) {
        if (BatchedPointwise.applies(s, algorithm, packed)) {
            BatchedPointwise.forward(context, s, in, offIn, packed[0], out, offOut, e, parallelism);
            return;
        }
        final SgemmKernel gemm = context.backend().sgemm();
        final boolean straight = readsInputInPlace(s, algorithm);
        final int cg = s.groupInChannels(), kg = s.groupOutChannels(), groups = s.groups();
        final int crs = cg * s.kernelH() * s.kernelW();
        final int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        final int width = straight ? ohw : ColumnBlocks.width(crs, ohw, kg, gemm, context);
        final int blocks = Math.ceilDiv(ohw, width);
        final int scratch = straight ? 0 : scratchSize((long) crs * width, s);
        // A residual that is the output itself is added by beta = 1 (C := W·cols + 1·C): the GEMM's residual
        // epilogue would read R after earlier depth blocks had already overwritten C with partial sums.
        final boolean inPlace = e.residual() == out && e.residualOffset() == offOut;
        final float beta = inPlace ? 1f : 0f;
        final PackedPanels[] filters = packed != null ? packed
                : forwardFiltersPackedOnce(gemm, s, w, offW, crs, width, ohw, blocks, parallelism);
        ConvTasks.run(s.batch() * groups * blocks, (long) kg * crs * width, parallelism, (task, inner) -> {
            int block = task % blocks, g = task / blocks % groups, n = task / blocks / groups;
            int j0 = block * width, cols = Math.min(width, ohw - j0);
            int inOff = offIn + (n * s.inChannels() + g * cg) * hw;
            int outRel = (n * s.outChannels() + g * kg) * ohw + j0;   // output offset relative to offOut
            float[] b = in;
            int offB = inOff + j0, ldb = hw;
            if (!straight) {
                b = ConvScratch.floats(scratch);
                Im2col.lower(gather(context), s, in, inOff, b, crs, j0, cols, inner);
                offB = 0;
                ldb = cols;
            }
            GemmEpilogue ge = gemmEpilogue(e, g * kg, outRel, ohw, inPlace);
            if (filters != null) {
                gemm.sgemm(filters[g], false, cols, 1f, b, offB, ldb, beta, out, offOut + outRel, ohw, ge, inner);
            } else {
                gemm.sgemm(false, false, kg, cols, crs, 1f, w, offW + g * kg * crs, crs, b, offB, ldb, beta,
                        out, offOut + outRel, ohw, ge, inner);
            }
        });
    }

    /**
     * Raw filters packed once for all of a call's GEMMs, in this thread's scratch, where each of several GEMMs (images
     * or column blocks) would run transposed and so transpose the filters into its right operand again. Zen 5, batch
     * 8, the two alternated in one JVM (bench/results/zen5-epyc-2vcpu-avx512/training-batch8-pack-once-2026-12-05):
     * 3×3 512@7×7 1.23× faster on 1 thread and 1.09× on 2, 3×3/2 256@14×14 1.19× and 1.12×, 1×1 2048→512@7×7
     * 1.33× and 1.20×. Null where the GEMMs pack the filters themselves: groups, too few GEMMs per thread
     * ({@link #packsOnceFor}), or a product that does not run transposed.
     */
    private static PackedPanels[] forwardFiltersPackedOnce(SgemmKernel gemm, ConvShape s, float[] w, int offW,
                                                           int crs, int width, int ohw, int blocks,
                                                           Parallelism parallelism) {
        int kg = s.outChannels(), last = ohw - (blocks - 1) * width;
        if (s.groups() != 1 || !packsOnceFor((long) s.batch() * blocks, parallelism)
                || !gemm.transposesWithSource(kg, width, crs) || !gemm.transposesWithSource(kg, last, crs)) {
            return null;
        }
        float[] scratch = ConvScratch.filters(gemm.transposedPackSize(kg, crs));
        return new PackedPanels[] {gemm.packForTransposedProduct(false, kg, crs, w, offW, crs, scratch, parallelism)};
    }

    /**
     * Whether packing the filters once for a call's {@code gemms} products pays: where each thread runs at least two of
     * them. 3×3 512@7×7: two images on 1 thread 1.09×; on 2 threads, where each thread packed its own image's filters
     * in cache-sized blocks and now reads one packing from L3, 0.82×; four images on 2 threads 1.02×.
     */
    private static boolean packsOnceFor(long gemms, Parallelism parallelism) {
        return gemms >= 2L * parallelism.threadCount();
    }

    /** Data gradient on the given kernels and column blocks. */
    public static void backwardData(ConvContext context, ConvShape s, ConvAlgorithm algorithm, float[] gradOut,
                                    int offG, float[] w, int offW, float[] gradIn, int offGradIn,
                                    Parallelism parallelism) {
        if (algorithm == ConvAlgorithm.DIRECT) {
            DirectFloat.backwardData(s, gradOut, offG, w, offW, gradIn, offGradIn);
            return;
        }
        final SgemmKernel gemm = context.backend().sgemm();
        final int cg = s.groupInChannels(), kg = s.groupOutChannels(), groups = s.groups();
        final int rs = s.kernelH() * s.kernelW(), crs = cg * rs;
        final int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        final boolean straight = readsInputInPlace(s, algorithm);
        // Blocks of input channels: channel c's rows of Wᵀ·gradOut scatter onto plane c only, so blocks of
        // channels are independent tasks.
        final int perBlock = straight ? cg : ColumnBlocks.channels(rs, ohw, cg, kg, context);
        final int blocks = Math.ceilDiv(cg, perBlock);
        final PackedPanels filters = dataGradientFiltersPackedOnce(gemm, s, w, offW, crs, ohw, blocks, parallelism);
        if (straight) {
            // gradIn_n (C × HW) = Wᵀ (C × K) · gradOut_n (K × HW): written straight, nothing to scatter
            ConvTasks.run(s.batch(), (long) kg * cg * ohw, parallelism, (n, inner) -> {
                int offGradOut = offG + n * s.outChannels() * ohw, offOut = offGradIn + n * s.inChannels() * hw;
                if (filters != null) {
                    gemm.sgemm(filters, false, ohw, 1f, gradOut, offGradOut, ohw, 0f, gradIn, offOut, hw,
                            GemmEpilogue.none(), inner);
                } else {
                    gemm.sgemm(true, false, cg, ohw, kg, 1f, w, offW, crs, gradOut, offGradOut, ohw, 0f, gradIn,
                            offOut, hw, GemmEpilogue.none(), inner);
                }
            });
            return;
        }
        final int scratch = scratchSize((long) perBlock * rs * ohw, s);
        ConvTasks.run(s.batch() * groups * blocks, (long) perBlock * rs * kg * ohw, parallelism, (task, inner) -> {
            int block = task % blocks, g = task / blocks % groups, n = task / blocks / groups;
            int c0 = block * perBlock, nc = Math.min(perBlock, cg - c0);
            float[] cols = ConvScratch.floats(scratch);
            int offGradOut = offG + (n * s.outChannels() + g * kg) * ohw;
            if (filters != null) {
                gemm.sgemm(filters, false, ohw, 1f, gradOut, offGradOut, ohw, 0f, cols, 0, ohw, GemmEpilogue.none(),
                        inner);
            } else {
                gemm.sgemm(true, false, nc * rs, ohw, kg, 1f, w, offW + g * kg * crs + c0 * rs, crs, gradOut,
                        offGradOut, ohw, 0f, cols, 0, ohw, GemmEpilogue.none(), inner);
            }
            Col2im.scatter(context.backend().elementwise(), gather(context), s, cols, 0, gradIn,
                    offGradIn + (n * s.inChannels() + g * cg + c0) * hw, 0, nc);
        });
    }

    /**
     * The data gradient's Wᵀ packed once, in this thread's scratch, where every image's GEMM would run transposed and
     * pack it again (one group, one block of channels). Zen 5, batch 8, alternated in one JVM (the same results):
     * 3×3 512@7×7 1.15× on 1 thread, 1.05× on 2; 1×1 2048→512@7×7 1.14× and 1.06×.
     */
    private static PackedPanels dataGradientFiltersPackedOnce(SgemmKernel gemm, ConvShape s, float[] w, int offW,
                                                              int crs, int ohw, int blocks,
                                                              Parallelism parallelism) {
        int kg = s.outChannels();
        if (s.groups() != 1 || blocks != 1 || !packsOnceFor(s.batch(), parallelism)
                || !gemm.transposesWithSource(crs, ohw, kg)) {
            return null;
        }
        return gemm.packForTransposedProduct(true, crs, kg, w, offW, crs,
                ConvScratch.filters(gemm.transposedPackSize(crs, kg)), parallelism);
    }

    /** Filter (and bias) gradient as a GEMM (never {@link ShiftedFilterGradient}) on the given kernels and blocks. */
    public static void backwardFilter(ConvContext context, ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn,
                                      float[] gradOut, int offG, float[] gradW, int offGradW, float[] gradBias,
                                      int offGradBias, Parallelism parallelism) {
        if (algorithm == ConvAlgorithm.DIRECT) {
            DirectFloat.backwardFilter(s, in, offIn, gradOut, offG, gradW, offGradW, gradBias, offGradBias);
            return;
        }
        final SgemmKernel gemm = context.backend().sgemm();
        final boolean straight = readsInputInPlace(s, algorithm);
        final int cg = s.groupInChannels(), kg = s.groupOutChannels(), groups = s.groups();
        final int crs = cg * s.kernelH() * s.kernelW();
        final int hw = s.height() * s.width(), ohw = s.outHeight() * s.outWidth();
        // Tasks own fixed ranges of gradW's columns (rows of cols): each lowers only its rows and sums its part of
        // gradW over images and blocks in one fixed order, so the split never touches a reduction.
        final int rows = ColumnBlocks.filterRows(crs, kg, gemm, context);
        final int chunks = Math.ceilDiv(crs, rows);
        final int width = straight ? ohw : ColumnBlocks.width(rows, ohw, kg, gemm, context);
        final int scratch = straight ? 0 : scratchSize((long) rows * width, s);
        ConvTasks.run(groups * chunks, (long) kg * rows * ohw * s.batch(), parallelism, (task, inner) -> {
            int g = task / chunks, r0 = task % chunks * rows, nr = Math.min(rows, crs - r0);
            for (int n = 0; n < s.batch(); n++) {
                int inOff = offIn + (n * s.inChannels() + g * cg) * hw;
                int gOff = offG + (n * s.outChannels() + g * kg) * ohw;
                for (int j0 = 0; j0 < ohw; j0 += width) {
                    int cols = Math.min(width, ohw - j0);
                    float[] b = in;
                    int offB = inOff + r0 * hw + j0, ldb = hw;
                    if (!straight) {
                        b = ConvScratch.floats(scratch);
                        Im2col.lower(gather(context), s, in, inOff, b, 0, r0, r0 + nr, j0, cols);
                        offB = 0;
                        ldb = cols;
                    }
                    // gradW_g[:, r0:r0+nr] (+)= gradOut block (Kg × cols) · cols block ᵀ (cols × nr)
                    float beta = n == 0 && j0 == 0 ? 0f : 1f;
                    gemm.sgemm(false, true, kg, nr, cols, 1f, gradOut, gOff + j0, ohw, b, offB, ldb, beta, gradW,
                            offGradW + g * kg * crs + r0, crs, GemmEpilogue.none(), inner);
                }
            }
        });
        if (gradBias != null) {
            biasGradient(s, gradOut, offG, gradBias, offGradBias);
        }
    }

    /**
     * {@code gradBias[k] = Σ_{n,j} gradOut[n,k,j]}, summed in double and rounded once: four double accumulators
     * take every fourth element in a fixed order, so the bits never depend on the thread count, and the pass over
     * gradOut runs at memory speed next to the filter gradient's GEMMs.
     */
    private static void biasGradient(ConvShape s, float[] gradOut, int offG, float[] gradBias, int offGradBias) {
        int ohw = s.outHeight() * s.outWidth();
        for (int k = 0; k < s.outChannels(); k++) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int n = 0; n < s.batch(); n++) {
                int plane = offG + (n * s.outChannels() + k) * ohw;
                int j = 0;
                for (; j + 3 < ohw; j += 4) {
                    s0 += gradOut[plane + j];
                    s1 += gradOut[plane + j + 1];
                    s2 += gradOut[plane + j + 2];
                    s3 += gradOut[plane + j + 3];
                }
                for (; j < ohw; j++) {
                    s0 += gradOut[plane + j];
                }
            }
            gradBias[offGradBias + k] = (float) ((s0 + s1) + (s2 + s3));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // double twins (the same algorithms with Gemm.dgemm, for gradient checks in double)

    /** {@code out := conv(in, w) + bias} in double with the algorithm's lowering and GEMMs. */
    public static void forward(ConvShape s, ConvAlgorithm algorithm, double[] in, int offIn, double[] w, int offW,
                               double[] bias, int offBias, double[] out, int offOut) {
        GemmConvolutionDouble.forward(s, algorithm, in, offIn, w, offW, bias, offBias, out, offOut);
    }

    /** {@code gradIn := ∂L/∂in} in double with the algorithm's GEMMs and col2im. */
    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, double[] gradOut, int offG, double[] w,
                                    int offW, double[] gradIn, int offGradIn) {
        GemmConvolutionDouble.backwardData(s, algorithm, gradOut, offG, w, offW, gradIn, offGradIn);
    }

    /** {@code gradW := ∂L/∂w}, and the bias gradient unless null, in double with the algorithm's GEMMs. */
    public static void backwardFilter(ConvShape s, ConvAlgorithm algorithm, double[] in, int offIn,
                                      double[] gradOut, int offG, double[] gradW, int offGradW, double[] gradBias,
                                      int offGradBias) {
        GemmConvolutionDouble.backwardFilter(s, algorithm, in, offIn, gradOut, offG, gradW, offGradW, gradBias,
                offGradBias);
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * For tests, which derive their error bound of the filter gradient from it: the number of output positions per
     * column block of the filter gradient (the depth of each of its GEMMs) in the given context.
     */
    public static int filterBlockWidth(ConvContext context, ConvShape s, ConvAlgorithm algorithm) {
        int ohw = s.outHeight() * s.outWidth();
        if (readsInputInPlace(s, algorithm)) {
            return ohw;
        }
        SgemmKernel gemm = context.backend().sgemm();
        int rows = ColumnBlocks.filterRows(s.groupInChannels() * s.kernelH() * s.kernelW(), s.groupOutChannels(),
                gemm, context);
        return ColumnBlocks.width(rows, ohw, s.groupOutChannels(), gemm, context);
    }

    /** 1×1 stride 1 (POINTWISE_GEMM accepts only unpadded, undilated, ungrouped 1×1): the input is the matrix. */
    static boolean readsInputInPlace(ConvShape s, ConvAlgorithm algorithm) {
        return algorithm == ConvAlgorithm.POINTWISE_GEMM && s.strideH() == 1 && s.strideW() == 1;
    }

    /** The GEMM epilogue of the task writing output rows [k0, k0 + Kg) from {@code offOut + outRel}. */
    private static GemmEpilogue gemmEpilogue(ConvEpilogue e, int k0, int outRel, int ldOut, boolean inPlace) {
        GemmEpilogue g = GemmEpilogue.none();
        if (e.bias() != null) {
            g = g.withRowBias(e.bias(), e.biasOffset() + k0);
        }
        if (e.residual() != null && !inPlace) {
            g = g.withResidual(e.residual(), e.residualOffset() + outRel, ldOut);
        }
        return e.relu() ? g.withRelu() : g;
    }

    static int scratchSize(long floats, ConvShape s) {
        if (floats > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("convolution " + s.describe() + ": a column block of " + floats
                    + " floats does not fit a Java array");
        }
        return (int) floats;
    }
}
