package dev.resvec.core;

import dev.resvec.kernels.ConvAlgorithm;

/**
 * The layer operations of a convolutional network on NCHW tensors, as PyTorch's {@code torch.nn.functional} names
 * them: convolution, pooling and batch normalisation, each differentiable. FLOAT32 tensors run the SIMD kernels;
 * FLOAT64 tensors run the double-precision reference kernels, so {@link GradCheck} covers every op.
 */
public final class Functional {
    private Functional() {}

    /**
     * {@code conv2d(input, weight, bias, stride, padding)} with dilation 1, one group and the automatic algorithm.
     *
     * @param input  N×C×H×W
     * @param weight K×C×R×S
     * @param bias   K values, or null
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, 1, ConvAlgorithm.AUTO);
    }

    /**
     * 2-D convolution, PyTorch's {@code F.conv2d}.
     *
     * @param input     N×C×H×W
     * @param weight    K×(C/groups)×R×S
     * @param bias      K values, or null
     * @param stride    {vertical, horizontal}
     * @param padding   {vertical, horizontal} zero padding
     * @param dilation  {vertical, horizontal}
     * @param groups    channel groups
     * @param algorithm the kernel algorithm for FLOAT32 (forward and both gradients); FLOAT64 always runs the
     *                  direct reference
     * @return N×K×outH×outW
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                int[] dilation, int groups, ConvAlgorithm algorithm) {
        throw new UnsupportedOperationException("TODO conv2d");
    }

    /**
     * Max pooling, PyTorch's {@code F.max_pool2d(input, kernel, stride, padding)} (floor mode, padding with −∞).
     * The gradient goes to the (first) maximum of each window; a NaN in a window propagates.
     *
     * @param input   N×C×H×W
     * @param kernel  window size (square), ≥ 1
     * @param stride  step between windows, ≥ 1 (PyTorch's default is the kernel size)
     * @param padding rows and columns added on each side, {@code 0 ≤ padding ≤ kernel / 2}
     * @return N×C×outH×outW with {@code outH = ⌊(H + 2·padding − kernel) / stride⌋ + 1}
     * @throws IllegalArgumentException naming the shapes when the input is not 4-D or the geometry is invalid
     *                                  (padding over half the kernel, a kernel larger than the padded input)
     */
    public static Tensor maxPool2d(Tensor input, int kernel, int stride, int padding) {
        return new MaxPool2d(kernel, stride, padding).apply(input);
    }

    /**
     * Average pooling, PyTorch's {@code F.avg_pool2d(input, kernel, stride, padding, ceil_mode=False,
     * count_include_pad)}: each window's mean, dividing by {@code kernel²} when {@code countIncludePad} (PyTorch's
     * default), else by the number of input elements in the window. Same geometry and errors as
     * {@link #maxPool2d}.
     */
    public static Tensor avgPool2d(Tensor input, int kernel, int stride, int padding, boolean countIncludePad) {
        return new AvgPool2d(kernel, stride, padding, countIncludePad).apply(input);
    }

    /**
     * PyTorch's {@code F.adaptive_avg_pool2d(input, outputSize)}; only {@code outputSize = 1} (global average
     * pooling, N×C×H×W → N×C×1×1, the mean of each plane) is supported, other sizes throw
     * {@link IllegalArgumentException}, as does an input that is not 4-D.
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
        if (outputSize != 1) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: only outputSize = 1 (global average pooling, "
                    + "N×C×1×1) is supported, got outputSize = " + outputSize);
        }
        return new GlobalAvgPool().apply(input);
    }

    /**
     * Batch normalisation over N, H, W per channel, PyTorch's {@code F.batch_norm(input, running_mean, running_var,
     * weight, bias, training, momentum, eps)}. Training: normalises with the batch's mean and biased variance and,
     * when the running tensors are given, updates them in place outside the graph ({@code running = (1 −
     * momentum)·running + momentum·batch}, the unbiased variance for {@code running_var}). Inference: a per-channel
     * affine with the running statistics, treated as constants. Differentiable with respect to the input, the
     * weight and the bias in both modes.
     *
     * @param input       N×C×H×W (in training, N·H·W ≥ 2)
     * @param runningMean C values of the input's dtype; null in training to leave no running statistics (then
     *                    runningVar too); required in inference
     * @param runningVar  C values, with runningMean
     * @param weight      C values (gamma), or null for 1
     * @param bias        C values (beta), or null for 0
     * @param training    batch statistics (true) or running statistics (false)
     * @param momentum    the running update's weight (PyTorch's default 0.1)
     * @param eps         added to the variance, ≥ 0 (PyTorch's default 1e-5)
     * @return the normalised tensor, the input's shape and dtype
     * @throws IllegalArgumentException naming the shapes when the input is not 4-D, a per-channel tensor is not
     *                                  {@code [C]} or not of the input's dtype, the running statistics are missing
     *                                  in inference, or training has one value per channel
     */
    public static Tensor batchNorm2d(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                     boolean training, double momentum, double eps) {
        BatchNorm2dOp op = new BatchNorm2dOp(runningMean, runningVar, weight != null, bias != null, training,
                momentum, eps);
        if (weight != null && bias != null) {
            return op.apply(input, weight, bias);
        }
        return weight != null ? op.apply(input, weight) : bias != null ? op.apply(input, bias) : op.apply(input);
    }
}
