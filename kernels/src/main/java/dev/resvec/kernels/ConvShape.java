package dev.resvec.kernels;

/**
 * The geometry of one 2-D convolution on NCHW data, as PyTorch's {@code conv2d} defines it: input
 * {@code batch × inChannels × height × width}, filters {@code outChannels × (inChannels / groups) × kernelH ×
 * kernelW}, output {@code batch × outChannels × outHeight() × outWidth()}, all contiguous row-major, with
 * <pre>  outHeight = (height + 2·padH − dilationH·(kernelH − 1) − 1) / strideH + 1</pre>
 * (likewise for the width). Zero padding; {@code groups} splits the channels into independent convolutions
 * ({@code groups == inChannels == outChannels} is a depthwise convolution).
 *
 * <p>The constructor validates everything and throws {@link IllegalArgumentException} naming the shape: sizes
 * ≥ 1, strides and dilations ≥ 1, padding ≥ 0, groups dividing both channel counts, and a (dilated) kernel no
 * larger than the padded input.
 *
 * @param batch       images per call, N
 * @param inChannels  input channels, C
 * @param height      input height, H
 * @param width       input width, W
 * @param outChannels output channels (filters), K
 * @param kernelH     filter height, R
 * @param kernelW     filter width, S
 * @param strideH     vertical stride
 * @param strideW     horizontal stride
 * @param padH        zero rows added above and below
 * @param padW        zero columns added left and right
 * @param dilationH   vertical spacing of filter taps (1: dense)
 * @param dilationW   horizontal spacing of filter taps
 * @param groups      channel groups (1: an ordinary convolution)
 */
public record ConvShape(int batch, int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                        int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    /**
     * Validates the geometry; see the class comment for the rules. The message names the rule broken and then
     * every argument, so that the whole call shows even where the bad value came from a computed size.
     */
    public ConvShape {
        String problem = problem(batch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
                padH, padW, dilationH, dilationW, groups);
        if (problem != null) {
            throw new IllegalArgumentException("ConvShape: " + problem + " (batch=" + batch + ", inChannels="
                    + inChannels + ", height=" + height + ", width=" + width + ", outChannels=" + outChannels
                    + ", kernel=" + kernelH + "x" + kernelW + ", stride=" + strideH + "x" + strideW + ", padding="
                    + padH + "x" + padW + ", dilation=" + dilationH + "x" + dilationW + ", groups=" + groups + ")");
        }
    }

    /** @return null for a valid geometry, else the first rule it breaks */
    private static String problem(int batch, int inChannels, int height, int width, int outChannels, int kernelH,
                                  int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
                                  int dilationW, int groups) {
        String[] names = {"batch", "inChannels", "height", "width", "outChannels", "kernelH", "kernelW", "strideH",
                "strideW", "dilationH", "dilationW", "groups"};
        int[] values = {batch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW, dilationH,
                dilationW, groups};
        for (int i = 0; i < names.length; i++) {
            if (values[i] < 1) {
                return names[i] + " must be >= 1, got " + values[i];
            }
        }
        if (padH < 0 || padW < 0) {
            return "padding must be >= 0, got padH=" + padH + ", padW=" + padW;
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            return "groups=" + groups + " must divide inChannels=" + inChannels + " and outChannels=" + outChannels;
        }
        long spanH = (long) dilationH * (kernelH - 1) + 1;
        long spanW = (long) dilationW * (kernelW - 1) + 1;
        if (spanH > (long) height + 2L * padH || spanW > (long) width + 2L * padW) {
            return "the kernel " + kernelH + "x" + kernelW + " (dilated span " + spanH + "x" + spanW
                    + ") is larger than the padded input " + ((long) height + 2L * padH) + "x"
                    + ((long) width + 2L * padW) + " (input " + height + "x" + width + ", padding " + padH + "x"
                    + padW + ")";
        }
        if ((long) batch * inChannels * height * width > Integer.MAX_VALUE
                || (long) batch * outChannels * outSize(height, padH, dilationH, kernelH, strideH)
                        * outSize(width, padW, dilationW, kernelW, strideW) > Integer.MAX_VALUE
                || (long) outChannels * (inChannels / groups) * kernelH * kernelW > Integer.MAX_VALUE) {
            return "a tensor of this convolution would have more than 2^31-1 elements";
        }
        return null;
    }

    /**
     * A square convolution: {@code kernel × kernel} filters, the same stride and padding in both directions, no
     * dilation, one group.
     */
    public static ConvShape of(int batch, int inChannels, int height, int width, int outChannels, int kernel,
                               int stride, int padding) {
        return new ConvShape(batch, inChannels, height, width, outChannels, kernel, kernel, stride, stride, padding,
                padding, 1, 1, 1);
    }

    /** @return this geometry with another batch size */
    public ConvShape withBatch(int newBatch) {
        return new ConvShape(newBatch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
                padH, padW, dilationH, dilationW, groups);
    }

    /** @return this geometry with the given dilation in both directions */
    public ConvShape withDilation(int dilation) {
        return new ConvShape(batch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
                padH, padW, dilation, dilation, groups);
    }

    /** @return this geometry with the given number of channel groups */
    public ConvShape withGroups(int newGroups) {
        return new ConvShape(batch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
                padH, padW, dilationH, dilationW, newGroups);
    }

    /** @return output height */
    public int outHeight() {
        return outSize(height, padH, dilationH, kernelH, strideH);
    }

    /** @return output width */
    public int outWidth() {
        return outSize(width, padW, dilationW, kernelW, strideW);
    }

    /** @return input channels per group */
    public int groupInChannels() {
        return inChannels / groups;
    }

    /** @return output channels per group */
    public int groupOutChannels() {
        return outChannels / groups;
    }

    /** @return elements of the input, N·C·H·W */
    public int inputSize() {
        return batch * inChannels * height * width;
    }

    /** @return elements of the filters, K·(C/groups)·R·S */
    public int filterSize() {
        return outChannels * groupInChannels() * kernelH * kernelW;
    }

    /** @return elements of the output, N·K·outH·outW */
    public int outputSize() {
        return batch * outChannels * outHeight() * outWidth();
    }

    /** @return true for a 3×3, stride-1, undilated, ungrouped convolution (what Winograd accepts) */
    public boolean isWinogradShape() {
        return kernelH == 3 && kernelW == 3 && strideH == 1 && strideW == 1 && dilationH == 1 && dilationW == 1
                && groups == 1;
    }

    /** @return true for a 1×1, unpadded, ungrouped convolution (a GEMM, strided or not) */
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && padH == 0 && padW == 0 && groups == 1;
    }

    /** @return multiply-adds × 2 of the direct convolution: 2·N·K·(C/groups)·R·S·outH·outW */
    public double flops() {
        return 2.0 * multiplyAdds();
    }

    /** @return the multiply-adds of the direct convolution, N·K·(C/groups)·R·S·outH·outW */
    public long multiplyAdds() {
        return (long) batch * outChannels * groupInChannels() * kernelH * kernelW * outHeight() * outWidth();
    }

    /** @return e.g. {@code 8x64x56x56 * 64x64x3x3 stride 1 pad 1 -> 8x64x56x56} */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(batch).append('x').append(inChannels).append('x').append(height).append('x').append(width)
                .append(" * ").append(outChannels).append('x').append(groupInChannels()).append('x').append(kernelH)
                .append('x').append(kernelW).append(" stride ").append(strideH == strideW ? "" + strideH
                        : strideH + "x" + strideW)
                .append(" pad ").append(padH == padW ? "" + padH : padH + "x" + padW);
        if (dilationH != 1 || dilationW != 1) {
            s.append(" dilation ").append(dilationH == dilationW ? "" + dilationH : dilationH + "x" + dilationW);
        }
        if (groups != 1) {
            s.append(" groups ").append(groups);
        }
        return s.append(" -> ").append(batch).append('x').append(outChannels).append('x').append(outHeight())
                .append('x').append(outWidth()).toString();
    }

    private static int outSize(int in, int pad, int dilation, int kernel, int stride) {
        return (int) (((long) in + 2L * pad - (long) dilation * (kernel - 1) - 1) / stride + 1);
    }
}
