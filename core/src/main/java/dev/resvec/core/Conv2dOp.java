package dev.resvec.core;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;

/**
 * {@code conv2d} as an autograd op over {@link Convolution}: forward with the bias fused into the write-back
 * (FLOAT32: {@link ConvEpilogue#withBias}), backward with {@code backwardData} for the input and
 * {@code backwardFilter} for the weight and bias, all with the same algorithm. FLOAT64 runs the double entries, where
 * an explicit algorithm is that algorithm's arithmetic in double and {@code AUTO} is the direct definition.
 *
 * <p>Inputs: {@code (input, weight)} or {@code (input, weight, bias)}. Tensors are always contiguous from index 0
 * (see {@link Tensor}), so the kernels read their arrays at offset 0 without a copy. An empty batch (N = 0) is allowed,
 * as in PyTorch: the output is empty and the weight and bias gradients are zero.
 */
final class Conv2dOp extends Function {
    /** The geometry; its batch is 1 when the input's batch is 0 (ConvShape needs sizes ≥ 1; nothing runs then). */
    private final ConvShape shape;
    private final boolean emptyBatch;
    /** FLOAT32: never AUTO (resolved once, so backward runs what forward ran); FLOAT64: as given. */
    private final ConvAlgorithm algorithm;
    private final int[] inputShape;
    private final int[] weightShape;
    private final int[] outShape;
    private final boolean hasBias;

    private Conv2dOp(ConvShape shape, boolean emptyBatch, ConvAlgorithm algorithm, int[] inputShape,
                     int[] weightShape, boolean hasBias) {
        this.shape = shape;
        this.emptyBatch = emptyBatch;
        this.algorithm = algorithm;
        this.inputShape = inputShape;
        this.weightShape = weightShape;
        this.hasBias = hasBias;
        this.outShape = new int[] {inputShape[0], shape.outChannels(), shape.outHeight(), shape.outWidth()};
    }

    /** Validates the arguments (errors name the shapes, see {@link Conv2dChecks}), then applies the op. */
    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                         int groups, ConvAlgorithm algorithm) {
        ConvShape shape = Conv2dChecks.shape(input, weight, bias, stride, padding, dilation, groups, algorithm);
        ConvAlgorithm a = algorithm;
        if (a == ConvAlgorithm.AUTO && input.dtype == DType.FLOAT32) {
            a = Convolution.choose(shape);
        }
        Conv2dOp op = new Conv2dOp(shape, input.shape[0] == 0, a, input.shape, weight.shape, bias != null);
        return bias == null ? op.apply(input, weight) : op.apply(input, weight, bias);
    }

    @Override
    protected String name() {
        return "conv2d";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = hasBias ? in[2] : null;
        Tensor out = emptyBatch ? Tensor.outputZeros(x.dtype, outShape.clone())
                : Tensor.output(x.dtype, outShape.clone());
        if (!emptyBatch) {
            if (x.f != null) {
                ConvEpilogue epilogue = b == null ? ConvEpilogue.none() : ConvEpilogue.none().withBias(b.f, 0);
                Convolution.forward(shape, algorithm, x.f, 0, w.f, 0, out.f, 0, epilogue, Parallelism.defaults());
            } else {
                Convolution.forward(shape, algorithm, x.d, 0, w.d, 0, b == null ? null : b.d, 0, out.d, 0);
            }
        }
        // the input gradient needs the weight, the weight gradient needs the input; the bias gradient neither
        saveForBackward(needsInputGrad(1) ? x : null, needsInputGrad(0) ? w : null);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor x = savedTensors()[0];
        Tensor w = savedTensors()[1];
        boolean single = g.f != null;
        Tensor gx = null;
        Tensor gw = null;
        Tensor gb = null;
        boolean wantBias = hasBias && needsInputGrad(2);
        if (needsInputGrad(0)) {
            gx = emptyBatch ? Tensor.outputZeros(g.dtype, inputShape.clone())
                    : Tensor.output(g.dtype, inputShape.clone());
            if (!emptyBatch) {
                if (single) {
                    Convolution.backwardData(shape, algorithm, g.f, 0, w.f, 0, gx.f, 0, Parallelism.defaults());
                } else {
                    Convolution.backwardData(shape, algorithm, g.d, 0, w.d, 0, gx.d, 0);
                }
            }
        }
        if (wantBias) {
            gb = emptyBatch ? Tensor.outputZeros(g.dtype, new int[] {shape.outChannels()})
                    : Tensor.output(g.dtype, new int[] {shape.outChannels()});
        }
        if (needsInputGrad(1)) {
            gw = emptyBatch ? Tensor.outputZeros(g.dtype, weightShape.clone())
                    : Tensor.output(g.dtype, weightShape.clone());
            if (!emptyBatch) { // one pass over gradOut gives both the filter and the bias gradient
                if (single) {
                    Convolution.backwardFilter(shape, algorithm, x.f, 0, g.f, 0, gw.f, 0, gb == null ? null : gb.f, 0,
                            Parallelism.defaults());
                } else {
                    Convolution.backwardFilter(shape, algorithm, x.d, 0, g.d, 0, gw.d, 0, gb == null ? null : gb.d, 0);
                }
            }
        } else if (wantBias && !emptyBatch) { // only the bias: sums of gradOut per channel, no filter work
            double[] sums = single ? new double[shape.outChannels()] : gb.d;
            int spatial = outShape[2] * outShape[3];
            if (single) {
                Elementwise.channelSums(outShape[0], outShape[1], spatial, g.f, 0, sums, 0, null, 0);
                for (int k = 0; k < sums.length; k++) {
                    gb.f[k] = (float) sums[k];
                }
            } else {
                Elementwise.channelSums(outShape[0], outShape[1], spatial, g.d, 0, sums, 0, null, 0);
            }
        }
        return hasBias ? new Tensor[] {gx, gw, gb} : new Tensor[] {gx, gw};
    }
}
