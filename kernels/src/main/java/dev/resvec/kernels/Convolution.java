package dev.resvec.kernels;

import dev.resvec.kernels.internal.conv.ConvHeuristics;
import dev.resvec.kernels.internal.conv.DirectConvolution;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import dev.resvec.kernels.internal.conv.WinogradConvolution;

/**
 * 2-D convolution on NCHW flat arrays (PyTorch's {@code conv2d} semantics, see {@link ConvShape}): forward with a
 * fused bias / residual / ReLU epilogue, and the two gradients of training.
 *
 * <ul>
 *   <li>Float entries run the algorithm asked for ({@link ConvAlgorithm}) on the provider of
 *       {@link Kernels#provider()}; {@link ConvAlgorithm#AUTO} picks one with {@link #choose(ConvShape)}.</li>
 *   <li>Double entries are the direct convolution by its definition: the test oracle, and what float64 tensors
 *       run.</li>
 *   <li>Every entry validates its arguments and throws {@link IllegalArgumentException} naming the shape and the
 *       array that does not fit it. Outputs are overwritten (not accumulated into) and must not overlap the
 *       inputs (input, filters, bias, output gradient) or each other, except a residual that is the output
 *       itself: an overlap is an {@link IllegalArgumentException} naming both element ranges, since the result
 *       would silently depend on the order the algorithm reads and writes in.</li>
 *   <li>Results are bitwise identical for every thread count: work is split by output elements, never by a
 *       reduction.</li>
 * </ul>
 */
public final class Convolution {
    private Convolution() {}

    /**
     * The algorithm {@link ConvAlgorithm#AUTO} runs in a plain call ({@link #forward}, {@link #backwardData},
     * {@link #backwardFilter}), where the filters are new every call (training):
     * <ol>
     *   <li>1×1, no padding, no dilation, one group: {@link ConvAlgorithm#POINTWISE_GEMM};</li>
     *   <li>a kernel at most 3 columns wide, stride 1, no dilation, one group, at most 64 input and output channels,
     *       at most 1024 output positions an image and (output rows + kernel rows − 1) × output columns at most 1168
     *       (the CIFAR ResNets): {@link ConvAlgorithm#IM2COL_GEMM}, which computes these
     *       layers' forward pass and data gradient by definition on column-shifted copies of the input, no
     *       im2col, no GEMM (1.4–2.6× faster than Winograd there at batch 64);</li>
     *   <li>otherwise 3×3, stride 1, no dilation, one group, at least 8 input and 8 output channels:
     *       {@link ConvAlgorithm#WINOGRAD_F4X4_3X3} when the call has at least 32 4×4 output tiles over its batch,
     *       else {@link ConvAlgorithm#WINOGRAD_F2X2_3X3} when it has at least 32 2×2 tiles (below that the
     *       per-call filter transform costs more than Winograd saves);</li>
     *   <li>everything else (the 7×7 stem, strided, dilated or grouped kernels, fewer channels, small calls):
     *       {@link ConvAlgorithm#IM2COL_GEMM}.</li>
     * </ol>
     * {@link #prepare} with {@code AUTO} chooses differently, since it transforms the filters once: Winograd for
     * every output of at least 2×2 (same channel rule), F(4×4,3×3) from 12×12 on; and for a call of one image on a
     * 7-wide stride-1 layer with more than 64 input or output channels (ResNet's 512@7×7),
     * {@link ConvAlgorithm#IM2COL_GEMM} on channel tiles, which reads 1.8 times fewer filter bytes than F(2×2,3×3)
     * there. The measurements behind the
     * thresholds are in {@code ConvHeuristics}.
     *
     * @param shape the convolution
     * @return never {@code AUTO}
     */
    public static ConvAlgorithm choose(ConvShape shape) {
        return ConvHeuristics.perCall(shape);
    }

    /** Forward with {@link ConvAlgorithm#AUTO}, no epilogue, default threads. */
    public static void forward(ConvShape shape, float[] in, int offIn, float[] w, int offW, float[] out, int offOut) {
        forward(shape, ConvAlgorithm.AUTO, in, offIn, w, offW, out, offOut, ConvEpilogue.none(),
                Parallelism.defaults());
    }

    /**
     * {@code out := epilogue(conv(in, w))}.
     *
     * @param shape       the geometry
     * @param algorithm   how to compute it (must {@linkplain ConvAlgorithm#accepts accept} the shape)
     * @param in          input, {@code shape.inputSize()} floats from {@code offIn}
     * @param w           filters K×(C/groups)×R×S, {@code shape.filterSize()} floats from {@code offW}
     * @param out         output, {@code shape.outputSize()} floats from {@code offOut}
     * @param epilogue    bias, residual and ReLU to fuse ({@link ConvEpilogue#none()} for none)
     * @param parallelism the threads to use
     */
    public static void forward(ConvShape shape, ConvAlgorithm algorithm, float[] in, int offIn, float[] w, int offW,
                               float[] out, int offOut, ConvEpilogue epilogue, Parallelism parallelism) {
        ConvAlgorithm a = resolve(shape, algorithm);
        ConvChecks.forward(shape, in, offIn, w, w == null ? -1 : w.length, offW, out, offOut, epilogue, parallelism);
        if (a == ConvAlgorithm.WINOGRAD_F2X2_3X3 || a == ConvAlgorithm.WINOGRAD_F4X4_3X3) {
            WinogradConvolution.forward(shape, a, in, offIn, w, offW, out, offOut, epilogue, parallelism);
        } else {
            GemmConvolution.forward(shape, a, in, offIn, w, offW, out, offOut, epilogue, parallelism);
        }
    }

    /**
     * Filters prepared once for many forward calls (Winograd-transformed or packed), for inference: the per-call
     * time then holds no filter work. The result is immutable and may be shared between threads.
     *
     * @param shape     the geometry (its batch is only the default; {@link PreparedConvolution#forward} takes any)
     * @param algorithm the algorithm the prepared filters are for ({@code AUTO}: Winograd wherever it applies, see
     *                  {@link #choose(ConvShape)}, except that a call of one image on a 7-wide stride-1 layer runs
     *                  {@code IM2COL_GEMM} on channel tiles, which reads fewer filter bytes there; for such a layer
     *                  both are prepared; {@link PreparedConvolution#algorithm(int)} tells which runs)
     * @param w         filters K×(C/groups)×R×S from {@code offW}; copied, later changes do not show
     * @return the prepared convolution
     */
    public static PreparedConvolution prepare(ConvShape shape, ConvAlgorithm algorithm, float[] w, int offW) {
        ConvAlgorithm a = algorithm == ConvAlgorithm.AUTO && shape != null ? ConvHeuristics.prepared(shape)
                : resolve(shape, algorithm);
        ConvChecks.array("w", "filters", w == null ? -1 : w.length, offW, shape.filterSize(), shape);
        ConvAlgorithm single = algorithm == ConvAlgorithm.AUTO ? ConvHeuristics.preparedSingleImage(shape) : a;
        PreparedConvolution oneImage = single == a ? null
                : new PreparedConvolution(shape.withBatch(1), single, w, offW, null);
        return new PreparedConvolution(shape, a, w, offW, oneImage);
    }

    /**
     * {@code gradIn := ∂L/∂in} from {@code gradOut = ∂L/∂out} (overwritten, not accumulated).
     *
     * @param algorithm for 3×3 stride 1 the Winograd algorithms run the data gradient as a Winograd convolution of
     *                  {@code gradOut} with the flipped, transposed filters; the GEMM algorithms use
     *                  {@code Wᵀ·gradOut} and col2im
     */
    public static void backwardData(ConvShape shape, ConvAlgorithm algorithm, float[] gradOut, int offGradOut,
                                    float[] w, int offW, float[] gradIn, int offGradIn, Parallelism parallelism) {
        ConvAlgorithm a = resolve(shape, algorithm);
        ConvChecks.backwardData(shape, gradOut == null ? -1 : gradOut.length, offGradOut, w == null ? -1 : w.length,
                offW, gradIn == null ? -1 : gradIn.length, offGradIn, parallelism);
        ConvChecks.noOverlap(shape, ConvChecks.region("gradIn", "input gradient", gradIn, offGradIn, shape.inputSize()),
                ConvChecks.region("gradOut", "output gradient", gradOut, offGradOut, shape.outputSize()),
                ConvChecks.region("w", "filters", w, offW, shape.filterSize()));
        if (a == ConvAlgorithm.WINOGRAD_F2X2_3X3 || a == ConvAlgorithm.WINOGRAD_F4X4_3X3) {
            WinogradConvolution.backwardData(shape, a, gradOut, offGradOut, w, offW, gradIn, offGradIn, parallelism);
        } else {
            GemmConvolution.backwardData(shape, a, gradOut, offGradOut, w, offW, gradIn, offGradIn, parallelism);
        }
    }

    /**
     * {@code gradW := ∂L/∂w} and, when {@code gradBias} is not null, {@code gradBias := ∂L/∂bias} (both
     * overwritten). Every algorithm but {@code DIRECT} computes it the same way: for a 3×3 stride-1 layer with at
     * least 32 input and output channels and enough 2×2 output tiles over the batch, in the Winograd F(2×2,3×3)
     * domain, one GEMM over the tiles per transformed point (16/36 of the multiply-adds; {@code
     * WinogradFilterGradient}); else, with at most 64 input and output channels per group and at most 1024 output
     * positions per image (the CIFAR ResNets), as lane-wise sums over the positions of shifted copies of the input
     * rows (no im2col, no GEMM; the measurements are in {@code ShiftedFilterGradient}); otherwise as
     * {@code gradOut·colsᵀ} per image (a 1×1 needs no columns), summed over the batch in order. Every way bitwise
     * the same for every thread count.
     */
    public static void backwardFilter(ConvShape shape, ConvAlgorithm algorithm, float[] in, int offIn,
                                      float[] gradOut, int offGradOut, float[] gradW, int offGradW, float[] gradBias,
                                      int offGradBias, Parallelism parallelism) {
        ConvAlgorithm a = resolve(shape, algorithm);
        ConvChecks.backwardFilter(shape, in == null ? -1 : in.length, offIn, gradOut == null ? -1 : gradOut.length,
                offGradOut, gradW == null ? -1 : gradW.length, offGradW, gradBias, offGradBias, parallelism);
        filterGradientOverlaps(shape, in, offIn, gradOut, offGradOut, gradW, offGradW, gradBias, offGradBias);
        GemmConvolution.backwardFilter(shape, a, in, offIn, gradOut, offGradOut, gradW, offGradW, gradBias,
                offGradBias, parallelism);
    }

    // ---------------------------------------------------------------------------------------------------------
    // double: each algorithm in double precision (AUTO and DIRECT: the direct convolution by definition)

    /** {@code out := conv(in, w) + bias} in double by the direct definition; {@code bias} may be null. */
    public static void forward(ConvShape shape, double[] in, int offIn, double[] w, int offW, double[] bias,
                               int offBias, double[] out, int offOut) {
        forward(shape, ConvAlgorithm.DIRECT, in, offIn, w, offW, bias, offBias, out, offOut);
    }

    /**
     * {@code out := conv(in, w) + bias} in double with the given algorithm's arithmetic (its transforms and GEMMs
     * in double), so a gradient check in double precision covers each algorithm; {@code AUTO} means
     * {@code DIRECT}. {@code bias} may be null.
     */
    public static void forward(ConvShape shape, ConvAlgorithm algorithm, double[] in, int offIn, double[] w,
                               int offW, double[] bias, int offBias, double[] out, int offOut) {
        ConvAlgorithm a = resolveDouble(shape, algorithm);
        ConvChecks.array("in", "input", in == null ? -1 : in.length, offIn, shape.inputSize(), shape);
        ConvChecks.array("w", "filters", w == null ? -1 : w.length, offW, shape.filterSize(), shape);
        if (bias != null) {
            ConvChecks.array("bias", "bias", bias.length, offBias, shape.outChannels(), shape);
        }
        ConvChecks.array("out", "output", out == null ? -1 : out.length, offOut, shape.outputSize(), shape);
        ConvChecks.noOverlap(shape, ConvChecks.region("out", "output", out, offOut, shape.outputSize()),
                ConvChecks.region("in", "input", in, offIn, shape.inputSize()),
                ConvChecks.region("w", "filters", w, offW, shape.filterSize()),
                bias == null ? null : ConvChecks.region("bias", "bias", bias, offBias, shape.outChannels()));
        switch (a) {
            case WINOGRAD_F2X2_3X3, WINOGRAD_F4X4_3X3 ->
                    WinogradConvolution.forward(shape, a, in, offIn, w, offW, bias, offBias, out, offOut);
            case IM2COL_GEMM, POINTWISE_GEMM ->
                    GemmConvolution.forward(shape, a, in, offIn, w, offW, bias, offBias, out, offOut);
            default -> DirectConvolution.forward(shape, in, offIn, w, offW, bias, offBias, out, offOut);
        }
    }

    /** {@code gradIn := ∂L/∂in} in double by the direct definition (overwritten). */
    public static void backwardData(ConvShape shape, double[] gradOut, int offGradOut, double[] w, int offW,
                                    double[] gradIn, int offGradIn) {
        backwardData(shape, ConvAlgorithm.DIRECT, gradOut, offGradOut, w, offW, gradIn, offGradIn);
    }

    /** {@code gradIn := ∂L/∂in} in double with the given algorithm's arithmetic (overwritten). */
    public static void backwardData(ConvShape shape, ConvAlgorithm algorithm, double[] gradOut, int offGradOut,
                                    double[] w, int offW, double[] gradIn, int offGradIn) {
        ConvAlgorithm a = resolveDouble(shape, algorithm);
        ConvChecks.array("gradOut", "output gradient", gradOut == null ? -1 : gradOut.length, offGradOut,
                shape.outputSize(), shape);
        ConvChecks.array("w", "filters", w == null ? -1 : w.length, offW, shape.filterSize(), shape);
        ConvChecks.array("gradIn", "input gradient", gradIn == null ? -1 : gradIn.length, offGradIn,
                shape.inputSize(), shape);
        ConvChecks.noOverlap(shape, ConvChecks.region("gradIn", "input gradient", gradIn, offGradIn, shape.inputSize()),
                ConvChecks.region("gradOut", "output gradient", gradOut, offGradOut, shape.outputSize()),
                ConvChecks.region("w", "filters", w, offW, shape.filterSize()));
        switch (a) {
            case WINOGRAD_F2X2_3X3, WINOGRAD_F4X4_3X3 ->
                    WinogradConvolution.backwardData(shape, a, gradOut, offGradOut, w, offW, gradIn, offGradIn);
            case IM2COL_GEMM, POINTWISE_GEMM ->
                    GemmConvolution.backwardData(shape, a, gradOut, offGradOut, w, offW, gradIn, offGradIn);
            default -> DirectConvolution.backwardData(shape, gradOut, offGradOut, w, offW, gradIn, offGradIn);
        }
    }

    /** {@code gradW := ∂L/∂w}, and {@code gradBias := ∂L/∂bias} unless null, in double by definition. */
    public static void backwardFilter(ConvShape shape, double[] in, int offIn, double[] gradOut, int offGradOut,
                                      double[] gradW, int offGradW, double[] gradBias, int offGradBias) {
        backwardFilter(shape, ConvAlgorithm.DIRECT, in, offIn, gradOut, offGradOut, gradW, offGradW, gradBias,
                offGradBias);
    }

    /**
     * {@code gradW := ∂L/∂w}, and {@code gradBias := ∂L/∂bias} unless null, in double with the given algorithm's
     * arithmetic (the Winograd algorithms compute the filter gradient as im2col does).
     */
    public static void backwardFilter(ConvShape shape, ConvAlgorithm algorithm, double[] in, int offIn,
                                      double[] gradOut, int offGradOut, double[] gradW, int offGradW,
                                      double[] gradBias, int offGradBias) {
        ConvAlgorithm a = resolveDouble(shape, algorithm);
        ConvChecks.array("in", "input", in == null ? -1 : in.length, offIn, shape.inputSize(), shape);
        ConvChecks.array("gradOut", "output gradient", gradOut == null ? -1 : gradOut.length, offGradOut,
                shape.outputSize(), shape);
        ConvChecks.array("gradW", "filter gradient", gradW == null ? -1 : gradW.length, offGradW,
                shape.filterSize(), shape);
        if (gradBias != null) {
            ConvChecks.array("gradBias", "bias gradient", gradBias.length, offGradBias, shape.outChannels(), shape);
        }
        filterGradientOverlaps(shape, in, offIn, gradOut, offGradOut, gradW, offGradW, gradBias, offGradBias);
        if (a == ConvAlgorithm.DIRECT) {
            DirectConvolution.backwardFilter(shape, in, offIn, gradOut, offGradOut, gradW, offGradW, gradBias,
                    offGradBias);
        } else {
            GemmConvolution.backwardFilter(shape, a, in, offIn, gradOut, offGradOut, gradW, offGradW, gradBias,
                    offGradBias);
        }
    }

    /** Neither gradient may overlap the input, the output gradient or the other gradient. */
    private static void filterGradientOverlaps(ConvShape shape, Object in, int offIn, Object gradOut, int offGradOut,
                                               Object gradW, int offGradW, Object gradBias, int offGradBias) {
        Overlap.Region input = ConvChecks.region("in", "input", in, offIn, shape.inputSize());
        Overlap.Region g = ConvChecks.region("gradOut", "output gradient", gradOut, offGradOut, shape.outputSize());
        Overlap.Region bias = gradBias == null ? null
                : ConvChecks.region("gradBias", "bias gradient", gradBias, offGradBias, shape.outChannels());
        ConvChecks.noOverlap(shape, ConvChecks.region("gradW", "filter gradient", gradW, offGradW, shape.filterSize()),
                input, g, bias);
        if (bias != null) {
            ConvChecks.noOverlap(shape, bias, input, g);
        }
    }

    private static ConvAlgorithm resolveDouble(ConvShape shape, ConvAlgorithm algorithm) {
        return algorithm == ConvAlgorithm.AUTO ? ConvAlgorithm.DIRECT : resolve(shape, algorithm);
    }

    static ConvAlgorithm resolve(ConvShape shape, ConvAlgorithm algorithm) {
        if (shape == null) {
            throw new IllegalArgumentException("shape is null");
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm is null (use ConvAlgorithm.AUTO)");
        }
        if (algorithm == ConvAlgorithm.AUTO) {
            return choose(shape);
        }
        if (!algorithm.accepts(shape)) {
            throw new IllegalArgumentException(algorithm + " does not accept the convolution " + shape.describe()
                    + (algorithm == ConvAlgorithm.POINTWISE_GEMM ? " (it needs a 1x1 kernel, no padding, no dilation,"
                    + " one group)" : " (it needs a 3x3 kernel, stride 1, no dilation, one group)"));
        }
        return algorithm;
    }
}
