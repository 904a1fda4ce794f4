package dev.resvec.core;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;

/**
 * The argument checks of {@code conv2d}. Each error is an {@link IllegalArgumentException} that names the tensors'
 * shapes (and the bias's, when one is given), since the shapes are what the caller has in hand; the kernels' own
 * checks speak of a {@link ConvShape}, which the caller never built.
 */
final class Conv2dChecks {
    private Conv2dChecks() {}

    /**
     * @return the geometry of the call, with batch 1 when the input's batch is 0 (the op then runs no kernel)
     * @throws IllegalArgumentException naming the shapes, for any argument that does not fit
     */
    static ConvShape shape(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                           int groups, ConvAlgorithm algorithm) {
        if (input == null || weight == null) {
            throw new IllegalArgumentException("conv2d: " + (input == null ? "input" : "weight") + " is null (input "
                    + str(input) + ", weight " + str(weight) + ")");
        }
        String shapes = "input " + str(input) + ", weight " + str(weight) + (bias == null ? "" : ", bias " + str(bias));
        if (algorithm == null) {
            throw new IllegalArgumentException("conv2d: algorithm is null (use ConvAlgorithm.AUTO); " + shapes);
        }
        pair("stride", stride, 1, shapes);
        pair("padding", padding, 0, shapes);
        pair("dilation", dilation, 1, shapes);
        if (input.rank() != 4) {
            throw new IllegalArgumentException("conv2d: input must be 4-D (N, C, H, W), got input " + str(input)
                    + " (weight " + str(weight) + ")");
        }
        if (weight.rank() != 4) {
            throw new IllegalArgumentException("conv2d: weight must be 4-D (K, C/groups, R, S), got weight "
                    + str(weight) + " (input " + str(input) + ")");
        }
        if (bias != null && bias.rank() != 1) {
            throw new IllegalArgumentException("conv2d: bias must be 1-D (K), got bias " + str(bias) + " (input "
                    + str(input) + ", weight " + str(weight) + ")");
        }
        if (input.dtype != weight.dtype || bias != null && bias.dtype != input.dtype) {
            throw new IllegalArgumentException("conv2d: dtypes differ (input " + input.dtype + " " + str(input)
                    + ", weight " + weight.dtype + " " + str(weight)
                    + (bias == null ? "" : ", bias " + bias.dtype + " " + str(bias)) + "); convert with to(DType)");
        }
        int[] in = input.shape;
        int[] w = weight.shape;
        for (int d = 1; d < 4; d++) { // N = 0 is an empty batch (allowed); every other size must be ≥ 1
            if (in[d] == 0 || w[d - 1] == 0 || w[d] == 0) {
                throw new IllegalArgumentException("conv2d: a size of zero other than the batch (" + shapes + ")");
            }
        }
        if (groups < 1) {
            throw new IllegalArgumentException("conv2d: groups must be >= 1, got " + groups + " (" + shapes + ")");
        }
        if (in[1] != (long) w[1] * groups) {
            throw new IllegalArgumentException("conv2d: input " + str(input) + " has " + in[1] + " channels but weight "
                    + str(weight) + " expects " + (long) w[1] * groups + " (groups " + groups + ")");
        }
        if (w[0] % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups " + groups + " must divide the " + w[0]
                    + " output channels of weight " + str(weight) + " (input " + str(input) + ")");
        }
        if (bias != null && bias.shape[0] != w[0]) {
            throw new IllegalArgumentException("conv2d: bias " + str(bias) + " must hold one value per output"
                    + " channel of weight " + str(weight) + ", " + w[0] + " (input " + str(input) + ")");
        }
        long spanH = (long) dilation[0] * (w[2] - 1) + 1;
        long spanW = (long) dilation[1] * (w[3] - 1) + 1;
        long paddedH = in[2] + 2L * padding[0];
        long paddedW = in[3] + 2L * padding[1];
        if (spanH > paddedH || spanW > paddedW) {
            throw new IllegalArgumentException("conv2d: the kernel " + w[2] + "x" + w[3] + " of weight " + str(weight)
                    + (dilation[0] == 1 && dilation[1] == 1 ? "" : " (dilated span " + spanH + "x" + spanW + ")")
                    + " is larger than the padded input " + paddedH + "x" + paddedW + " of input " + str(input)
                    + " (padding " + padding[0] + "x" + padding[1] + ")");
        }
        ConvShape shape;
        try {
            shape = new ConvShape(Math.max(in[0], 1), in[1], in[2], in[3], w[0], w[2], w[3], stride[0], stride[1],
                    padding[0], padding[1], dilation[0], dilation[1], groups);
        } catch (IllegalArgumentException e) { // what is left: sizes past 2^31 elements
            throw new IllegalArgumentException("conv2d: " + shapes + ": " + e.getMessage(), e);
        }
        if (!algorithm.accepts(shape)) {
            throw new IllegalArgumentException("conv2d: " + algorithm + " does not accept input " + str(input)
                    + " with weight " + str(weight) + " (stride " + stride[0] + "x" + stride[1] + ", padding "
                    + padding[0] + "x" + padding[1] + ", dilation " + dilation[0] + "x" + dilation[1] + ", groups "
                    + groups + "): " + (algorithm == ConvAlgorithm.POINTWISE_GEMM
                    ? "it needs a 1x1 kernel, no padding, no dilation, one group"
                    : "it needs a 3x3 kernel, stride 1, no dilation, one group"));
        }
        return shape;
    }

    private static void pair(String what, int[] values, int min, String shapes) {
        if (values == null || values.length != 2) {
            throw new IllegalArgumentException("conv2d: " + what + " must hold 2 values {vertical, horizontal}, got "
                    + (values == null ? "null" : java.util.Arrays.toString(values)) + " (" + shapes + ")");
        }
        if (values[0] < min || values[1] < min) {
            throw new IllegalArgumentException("conv2d: " + what + " must be >= " + min + ", got "
                    + java.util.Arrays.toString(values) + " (" + shapes + ")");
        }
    }

    private static String str(Tensor t) {
        return t == null ? "null" : Shapes.str(t.shape);
    }
}
