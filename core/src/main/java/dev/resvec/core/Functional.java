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
     * The gradient goes to the (first) maximum of each window.
     */
    public static Tensor maxPool2d(Tensor input, int kernel, int stride, int padding) {
        throw new UnsupportedOperationException("TODO maxPool2d");
    }

    /**
     * Average pooling, PyTorch's {@code F.avg_pool2d(input, kernel, stride, padding, ceil_mode=False,
     * count_include_pad)}.
     */
    public static Tensor avgPool2d(Tensor input, int kernel, int stride, int padding, boolean countIncludePad) {
        throw new UnsupportedOperationException("TODO avgPool2d");
    }

    /**
     * PyTorch's {@code F.adaptive_avg_pool2d(input, outputSize)}; only {@code outputSize = 1} (global average
     * pooling, N×C×1×1) is supported, other sizes throw.
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
        throw new UnsupportedOperationException("TODO adaptiveAvgPool2d");
    }

    /**
     * Batch normalisation over N, H, W per channel, PyTorch's {@code F.batch_norm(input, running_mean, running_var,
     * weight, bias, training, momentum, eps)}. Training: normalises with the batch's mean and biased variance and,
     * when the running tensors are given, updates them in place ({@code running = (1 − momentum)·running +
     * momentum·batch}, the unbiased variance for {@code running_var}). Inference: a per-channel affine with the
     * running statistics.
     */
    public static Tensor batchNorm2d(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                     boolean training, double momentum, double eps) {
        throw new UnsupportedOperationException("TODO batchNorm2d");
    }
}
