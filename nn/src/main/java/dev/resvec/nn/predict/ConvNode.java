package dev.resvec.nn.predict;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.PreparedConvolution;

/**
 * A convolution with batch norm folded in ({@link Folding}), and its epilogue: the folded bias, an optional
 * residual added, an optional ReLU last, all fused into the write-back of the output.
 *
 * @param weight    folded filters K×(C/groups)×R×S
 * @param bias      folded bias (K), or null
 * @param residual  the value added before the ReLU, or -1
 * @param relu      whether ReLU is applied last
 */
record ConvNode(String name, int input, int output, int residual, int inChannels, int outChannels, int[] kernel,
                int[] stride, int[] padding, int[] dilation, int groups, float[] weight, float[] bias, boolean relu)
        implements Node {

    /** The residual may be the output itself (the kernels add it in place), so the output may take its buffer. */
    @Override
    public int inPlace() {
        return residual;
    }

    @Override
    public Dims outDims(Dims in) {
        ConvShape s = shape(in);
        return new Dims(outChannels, s.outHeight(), s.outWidth());
    }

    private ConvShape shape(Dims in) {
        if (in.channels() != inChannels) {
            throw new IllegalArgumentException("Predictor: layer '" + name + "' expects " + inChannels
                    + " input channels, got " + in.channels());
        }
        try {
            return new ConvShape(1, inChannels, in.height(), in.width(), outChannels, kernel[0], kernel[1],
                    stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Predictor: layer '" + name + "' cannot take a " + in.height() + "×"
                    + in.width() + " input: " + e.getMessage(), e);
        }
    }

    /** Prepares the filters once for this size, with the algorithm {@link Convolution#choose} picks. */
    @Override
    public Step bind(Dims in) {
        ConvShape s = shape(in);
        PreparedConvolution prepared = Convolution.prepare(s, ConvAlgorithm.AUTO, weight, 0);
        return new Run(prepared, this, epilogue(bias, null, 0, relu));
    }

    private static ConvEpilogue epilogue(float[] bias, float[] residual, int offResidual, boolean relu) {
        ConvEpilogue e = ConvEpilogue.none();
        if (bias != null) {
            e = e.withBias(bias, 0);
        }
        if (residual != null) {
            e = e.withResidual(residual, offResidual);
        }
        return relu ? e.withRelu() : e;
    }

    /** @return a description for {@link Predictor#describe()} */
    String describe(PreparedConvolution p) {
        // The prepared shape has batch 1; the plan runs any batch, so the batch is left out.
        ConvAlgorithm one = p.algorithm(1);
        return name + ": conv " + p.shape().describe().replaceFirst("^1x", "").replace(" -> 1x", " -> ") + " "
                + (one == p.algorithm() ? one : one + " (batch 1; more images " + p.algorithm() + ")")
                + (bias != null ? " +bias" : "") + (residual >= 0 ? " +residual" : "") + (relu ? " +relu" : "");
    }

    /**
     * @param fixed the epilogue when there is no residual (built once; with a residual, the residual's buffer
     *              changes with the calling thread, so that epilogue is built per call: three small objects)
     */
    record Run(PreparedConvolution conv, ConvNode node, ConvEpilogue fixed) implements Step {
        @Override
        public void run(Arena a, int batch, Parallelism parallelism) {
            int r = node.residual;
            ConvEpilogue e = r < 0 ? fixed : epilogue(node.bias, a.array(r), a.offset(r), node.relu);
            conv.forward(batch, a.array(node.input), a.offset(node.input), a.array(node.output),
                    a.offset(node.output), e, parallelism);
        }

        @Override
        public long multiplyAdds(int batch) {
            return batch * conv.shape().multiplyAdds(); // the prepared shape has batch 1
        }

        @Override
        public String toString() {
            return node.describe(conv);
        }
    }
}
