package dev.resvec.kernels;

/** Argument checks of {@link Convolution}: each failure names the array, the shape and the sizes. */
final class ConvChecks {
    private ConvChecks() {}

    /** @param w the filters, for the overlap check; null where they were copied ({@link PreparedConvolution}) */
    static void forward(ConvShape s, float[] in, int offIn, float[] w, int wLength, int offW, float[] out,
                        int offOut, ConvEpilogue epilogue, Parallelism parallelism) {
        array("in", "input", in == null ? -1 : in.length, offIn, s.inputSize(), s);
        array("w", "filters", wLength, offW, s.filterSize(), s);
        array("out", "output", out == null ? -1 : out.length, offOut, s.outputSize(), s);
        if (epilogue == null) {
            throw new IllegalArgumentException("epilogue is null (use ConvEpilogue.none())");
        }
        if (epilogue.bias() != null) {
            array("bias", "bias", epilogue.bias().length, epilogue.biasOffset(), s.outChannels(), s);
        }
        if (epilogue.residual() != null) {
            array("residual", "residual", epilogue.residual().length, epilogue.residualOffset(), s.outputSize(), s);
            // The residual may be the output itself (added in place), but not a shifted view of the output array:
            // the GEMM would overwrite residual values before reading them.
            if (epilogue.residual() == out && epilogue.residualOffset() != offOut
                    && Math.abs((long) epilogue.residualOffset() - offOut) < s.outputSize()) {
                throw new IllegalArgumentException("residual overlaps the output without being it: offsets "
                        + epilogue.residualOffset() + " and " + offOut + " in the same array, " + s.outputSize()
                        + " elements each, convolution " + s.describe());
            }
        }
        parallelism(parallelism);
        noOverlap(s, region("out", "output", out, offOut, s.outputSize()),
                region("in", "input", in, offIn, s.inputSize()), region("w", "filters", w, offW, s.filterSize()),
                epilogue.bias() == null ? null
                        : region("bias", "bias", epilogue.bias(), epilogue.biasOffset(), s.outChannels()));
    }

    /** An array's region for {@link #noOverlap}: {@code size} elements from {@code offset}. */
    static Overlap.Region region(String name, String what, Object array, int offset, long size) {
        return Overlap.Region.contiguous(name + " (" + what + ")", array, offset, size);
    }

    /**
     * An output must share no element with what the call reads: the kernels write output tiles while inputs of
     * later tiles (or, for a gradient, later images' terms) are still to be read, so an overlap would silently give
     * a result that depends on the algorithm and thread count.
     *
     * @throws IllegalArgumentException naming both regions and the convolution
     */
    static void noOverlap(ConvShape s, Overlap.Region output, Overlap.Region... inputs) {
        Overlap.Region hit = Overlap.firstOverlapping(output, inputs);
        if (hit != null) { // the message only on failure: a predictor's steady-state call allocates nothing
            throw Overlap.error("convolution " + s.describe(), output, hit);
        }
    }

    static void backwardData(ConvShape s, int gLength, int offG, int wLength, int offW, int gInLength, int offGIn,
                             Parallelism parallelism) {
        array("gradOut", "output gradient", gLength, offG, s.outputSize(), s);
        array("w", "filters", wLength, offW, s.filterSize(), s);
        array("gradIn", "input gradient", gInLength, offGIn, s.inputSize(), s);
        parallelism(parallelism);
    }

    static void backwardFilter(ConvShape s, int inLength, int offIn, int gLength, int offG, int gwLength, int offGw,
                               float[] gradBias, int offGradBias, Parallelism parallelism) {
        array("in", "input", inLength, offIn, s.inputSize(), s);
        array("gradOut", "output gradient", gLength, offG, s.outputSize(), s);
        array("gradW", "filter gradient", gwLength, offGw, s.filterSize(), s);
        if (gradBias != null) {
            array("gradBias", "bias gradient", gradBias.length, offGradBias, s.outChannels(), s);
        }
        parallelism(parallelism);
    }

    /** Checks that {@code length} (−1: null) holds {@code size} elements from {@code offset}. */
    static void array(String name, String what, int length, int offset, long size, ConvShape s) {
        if (length < 0) {
            throw new IllegalArgumentException(name + " (" + what + ") is null; convolution " + s.describe());
        }
        if (offset < 0 || offset + size > length) {
            throw new IllegalArgumentException(name + " (" + what + ") too short for convolution " + s.describe()
                    + ": needs " + size + " elements from offset " + offset + ", array length is " + length);
        }
    }

    private static void parallelism(Parallelism p) {
        if (p == null) {
            throw new IllegalArgumentException("parallelism is null (use Parallelism.defaults())");
        }
    }
}
