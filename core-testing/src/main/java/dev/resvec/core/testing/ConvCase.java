package dev.resvec.core.testing;

import dev.resvec.core.Functional;
import dev.resvec.core.Tensor;
import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;

/**
 * One generated convolution: its geometry and operands, as {@link ConvArbitraries#convCases} makes them.
 *
 * @param shape  the geometry (batch, channels, sizes, kernel, stride, padding, dilation, groups)
 * @param input  N×C×H×W, FLOAT64 with float-representable values
 * @param weight K×(C/groups)×R×S, likewise
 * @param bias   K values, or null for a convolution without bias
 */
public record ConvCase(ConvShape shape, Tensor input, Tensor weight, Tensor bias) {

    /** @return {vertical, horizontal} stride, as {@link Functional#conv2d} takes it */
    public int[] stride() {
        return new int[] {shape.strideH(), shape.strideW()};
    }

    /** @return {vertical, horizontal} padding */
    public int[] padding() {
        return new int[] {shape.padH(), shape.padW()};
    }

    /** @return {vertical, horizontal} dilation */
    public int[] dilation() {
        return new int[] {shape.dilationH(), shape.dilationW()};
    }

    /** @return the operands in {@code conv2d}'s order: (input, weight) or (input, weight, bias) */
    public Tensor[] operands() {
        return bias == null ? new Tensor[] {input, weight} : new Tensor[] {input, weight, bias};
    }

    /**
     * Applies {@link Functional#conv2d} with this case's geometry to operands like {@link #operands()} (of any
     * dtype, e.g. the copies a gradient check makes).
     *
     * @param algorithm the algorithm
     * @param operands  input, weight and, when this case has one, bias
     * @return the output
     */
    public Tensor conv2d(ConvAlgorithm algorithm, Tensor... operands) {
        return Functional.conv2d(operands[0], operands[1], operands.length > 2 ? operands[2] : null, stride(),
                padding(), dilation(), shape.groups(), algorithm);
    }

    /** @return the geometry, whether there is a bias, then the operands' values */
    @Override
    public String toString() {
        return shape.describe() + (bias == null ? ", no bias" : ", bias") + "\ninput " + input + "\nweight " + weight
                + (bias == null ? "" : "\nbias " + bias);
    }
}
