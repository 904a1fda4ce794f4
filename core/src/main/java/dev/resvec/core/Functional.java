package dev.resvec.core;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.Convolution;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer operations of a convolutional network on NCHW tensors, as PyTorch's {@code torch.nn.functional} names
 * them: convolution, pooling and batch normalisation, each differentiable. FLOAT32 tensors run the SIMD kernels;
 * FLOAT64 tensors run the double-precision reference kernels, so {@link GradCheck} covers every op.
 *
 * <h2>Convolution</h2>
 * {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[], int, ConvAlgorithm) conv2d} runs
 * {@link Convolution}: forward with the bias fused into the output's write-back, backward with
 * {@code Convolution.backwardData} for the input gradient and {@code Convolution.backwardFilter} for the weight and
 * bias gradients (one pass gives both), each computed only when that operand requires a gradient, all with the
 * algorithm forward ran.
 * <ul>
 *   <li>FLOAT32: {@link ConvAlgorithm#AUTO} picks per shape by {@link Convolution#choose}'s documented heuristic,
 *       once per call (backward runs what forward ran): a GEMM straight on the input for 1×1 unpadded
 *       convolutions ({@code POINTWISE_GEMM}), Winograd for 3×3 stride-1 undilated ungrouped layers wide enough to
 *       gain from it ({@code WINOGRAD_F4X4_3X3}, or {@code F2X2} for small outputs; the data gradient is then a
 *       Winograd convolution too), im2col + GEMM for the rest ({@code IM2COL_GEMM}: the 7×7 stride-2 stem, strided
 *       3×3, narrow layers). The filter gradient is a GEMM with im2col's columns for every algorithm.</li>
 *   <li>FLOAT64: {@code AUTO} (and {@code DIRECT}) is the direct convolution by its definition, the reference;
 *       an explicit algorithm runs that algorithm's arithmetic in double, so a gradient check covers each
 *       algorithm's transforms and index work.</li>
 *   <li>An algorithm given explicitly must accept the shape ({@link ConvAlgorithm#accepts}); otherwise, and for every
 *       bad argument, an {@link IllegalArgumentException} names the shapes.</li>
 * </ul>
 */
public final class Functional {
    private Functional() {}

    /**
     * {@code conv2d(input, weight, bias, stride, padding)} with dilation 1, one group and the automatic algorithm
     * (see {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[], int, ConvAlgorithm)}).
     *
     * @param input   N×C×H×W
     * @param weight  K×C×R×S
     * @param bias    K values, or null
     * @param stride  the stride in both directions, ≥ 1
     * @param padding zero padding on each side in both directions, ≥ 0
     * @return N×K×outH×outW
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, 1, ConvAlgorithm.AUTO);
    }

    /**
     * 2-D convolution, PyTorch's {@code F.conv2d}: {@code out[n,k,y,x] = bias[k] + Σ_{c,r,s} input[n, g·C/groups +
     * c, y·strideH − padH + r·dilationH, x·strideW − padW + s·dilationW] · weight[k,c,r,s]} (g the group of k, zero
     * outside the input), with {@code outH = (H + 2·padH − dilationH·(R − 1) − 1) / strideH + 1} (likewise outW).
     * Differentiable in the input, the weight and the bias; see the class comment for what runs where. An empty
     * batch (N = 0) gives an empty output.
     *
     * @param input     N×C×H×W
     * @param weight    K×(C/groups)×R×S, of the input's dtype
     * @param bias      K values of the input's dtype, or null
     * @param stride    {vertical, horizontal}, each ≥ 1
     * @param padding   {vertical, horizontal} zero padding on each side, each ≥ 0
     * @param dilation  {vertical, horizontal} spacing of the filter taps, each ≥ 1
     * @param groups    channel groups, dividing C and K
     * @param algorithm the algorithm of forward and both gradients ({@link ConvAlgorithm#AUTO}: chosen per shape
     *                  for FLOAT32, the direct definition for FLOAT64)
     * @return N×K×outH×outW, of the input's dtype
     * @throws IllegalArgumentException naming the shapes, when the ranks, dtypes or channel counts do not fit,
     *                                  groups does not divide the channels, a stride or dilation is below 1, a
     *                                  padding below 0, the (dilated) kernel is larger than the padded input, or
     *                                  the algorithm does not accept the shape
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                int[] dilation, int groups, ConvAlgorithm algorithm) {
        return Conv2dOp.conv2d(input, weight, bias, stride, padding, dilation, groups, algorithm);
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
        return batchNorm2d(input, runningMean, runningVar, weight, bias, training, momentum, eps, null, false);
    }

    /**
     * Batch normalisation with a fused epilogue: {@code relu(batchNorm2d(input, …) + residual)}, the residual added
     * when not null and the ReLU applied when {@code relu}. The same values and gradients as the separate operations
     * ({@code batchNorm2d(…).add(residual).relu()}, or {@code addRelu}), bitwise in FLOAT32, in one pass over the
     * data instead of three and one tensor instead of three: a ResNet unit's {@code relu(bn1(conv1(x)))} and
     * {@code relu(bn2(conv2(h)) + shortcut)}. Differentiable with respect to the residual too (its gradient is the
     * output gradient through the ReLU).
     *
     * @param residual of the input's shape and dtype, or null
     * @param relu     whether to apply {@code max(·, 0)} last
     * @throws IllegalArgumentException as {@link #batchNorm2d(Tensor, Tensor, Tensor, Tensor, Tensor, boolean,
     *                                  double, double)}, and when the residual's shape or dtype differs from the
     *                                  input's
     */
    public static Tensor batchNorm2d(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                     boolean training, double momentum, double eps, Tensor residual, boolean relu) {
        BatchNorm2dOp op = new BatchNorm2dOp(runningMean, runningVar, weight != null, bias != null, residual != null,
                relu, training, momentum, eps);
        List<Tensor> inputs = new ArrayList<>(4);
        inputs.add(input);
        if (weight != null) {
            inputs.add(weight);
        }
        if (bias != null) {
            inputs.add(bias);
        }
        if (residual != null) {
            inputs.add(residual);
        }
        return op.apply(inputs.toArray(Tensor[]::new));
    }
}
