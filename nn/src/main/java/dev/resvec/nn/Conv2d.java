package dev.resvec.nn;

import dev.resvec.core.Functional;
import dev.resvec.core.Tensor;
import dev.resvec.kernels.ConvAlgorithm;
import java.util.Arrays;

/**
 * 2-D convolution over N×C×H×W input, PyTorch's {@code nn.Conv2d}: parameters {@code weight} K×(C/groups)×R×S and,
 * optionally, {@code bias} (K). The forward calls {@link Functional#conv2d} with {@link ConvAlgorithm#AUTO}, which
 * picks Winograd, a pointwise GEMM or im2col + GEMM by shape for FLOAT32, and the direct double reference for
 * FLOAT64.
 *
 * <p>Initialised with PyTorch's default, U(±1/√fan_in) for weight and bias (see {@link Init#torchDefault}), from
 * seed 0 at construction (so two layers of one shape start equal): call {@link #resetParameters(long)} on the
 * model to draw every layer from its own stream. The ResNet factories re-initialise convolutions with Kaiming's
 * normal rule, as torchvision does.
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final TensorSlot weight;
    private final TensorSlot bias;

    /**
     * A square convolution with dilation 1 and one group.
     *
     * @param inChannels  C
     * @param outChannels K
     * @param kernelSize  R = S
     * @param stride      vertical and horizontal stride
     * @param padding     vertical and horizontal zero padding
     * @param bias        whether to learn a bias per output channel
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {1, 1}, 1, bias);
    }

    /**
     * The general convolution.
     *
     * @param kernel   {R, S}, positive
     * @param stride   {vertical, horizontal}, positive
     * @param padding  {vertical, horizontal}, non-negative
     * @param dilation {vertical, horizontal}, positive
     * @param groups   positive, dividing both channel counts
     * @throws IllegalArgumentException for any other value
     */
    public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException("Conv2d: expected positive channel counts, got in=" + inChannels
                    + ", out=" + outChannels);
        }
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: expected groups > 0 dividing in=" + inChannels + " and out="
                    + outChannels + ", got groups=" + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = pair("kernel", kernel, 1);
        this.stride = pair("stride", stride, 1);
        this.padding = pair("padding", padding, 0);
        this.dilation = pair("dilation", dilation, 1);
        this.groups = groups;
        this.weight = registerParameter("weight",
                Tensor.zeros(outChannels, inChannels / groups, this.kernel[0], this.kernel[1]));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outChannels)) : null;
        resetOwnParameters(0, "");
    }

    static int[] pair(String what, int[] v, int min) {
        if (v == null || v.length != 2 || v[0] < min || v[1] < min) {
            throw new IllegalArgumentException("expected " + what + " as 2 values >= " + min + ", got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.clone();
    }

    /** PyTorch's default: weight and bias from U(±1/√fan_in). */
    @Override
    protected void resetOwnParameters(long seed, String prefix) {
        int[] shape = weight.shape();
        int fanIn = Init.fanIn(shape);
        weight.set(Init.torchDefault(weight.dtype(), Init.seedFor(seed, qualified(prefix, "weight")), fanIn,
                shape).requiresGrad(true));
        if (bias != null) {
            bias.set(Init.torchDefault(bias.dtype(), Init.seedFor(seed, qualified(prefix, "bias")), fanIn,
                    outChannels).requiresGrad(true));
        }
    }

    /**
     * @param input N×C×H×W with C = {@link #inChannels()}
     * @return N×K×outH×outW
     * @throws IllegalArgumentException for another rank or channel count
     */
    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 4 || input.size(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + "): expected an N×"
                    + inChannels + "×H×W input, got shape " + Arrays.toString(input.shape()));
        }
        return Functional.conv2d(input, weight.get(), bias == null ? null : bias.get(), stride, padding, dilation,
                groups, ConvAlgorithm.AUTO);
    }

    /** @return the weight slot (K×(C/groups)×R×S) */
    public TensorSlot weight() {
        return weight;
    }

    /** @return the bias slot, or null when the convolution has none */
    public TensorSlot bias() {
        return bias;
    }

    /** @return C */
    public int inChannels() {
        return inChannels;
    }

    /** @return K */
    public int outChannels() {
        return outChannels;
    }

    /** @return {R, S} */
    public int[] kernelSize() {
        return kernel.clone();
    }

    /** @return the stride {vertical, horizontal} */
    public int[] stride() {
        return stride.clone();
    }

    /** @return the padding {vertical, horizontal} */
    public int[] padding() {
        return padding.clone();
    }

    /** @return the dilation {vertical, horizontal} */
    public int[] dilation() {
        return dilation.clone();
    }

    /** @return the number of channel groups */
    public int groups() {
        return groups;
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel=" + pairText(kernel) + ", stride=" + pairText(stride)
                + ", padding=" + pairText(padding) + (dilation[0] != 1 || dilation[1] != 1
                ? ", dilation=" + pairText(dilation) : "") + (groups != 1 ? ", groups=" + groups : "")
                + ", bias=" + (bias != null);
    }

    static String pairText(int[] p) {
        return p[0] == p[1] ? Integer.toString(p[0]) : "(" + p[0] + ", " + p[1] + ")";
    }
}
