package dev.resvec.kernels;

/**
 * The geometry of one 2-D pooling on NCHW data, as PyTorch's {@code max_pool2d} and {@code avg_pool2d} define it
 * with {@code ceil_mode=False} and no dilation: input {@code batch × channels × height × width}, output
 * {@code batch × channels × outHeight() × outWidth()}, both contiguous row-major, with
 * <pre>  outHeight = ⌊(height + 2·padH − kernelH) / strideH⌋ + 1</pre>
 * (likewise for the width). Window {@code (oy, ox)} covers input rows {@code oy·strideH − padH ..
 * oy·strideH − padH + kernelH − 1} and the matching columns; rows and columns outside the input are padding.
 *
 * <p>The constructor validates everything and throws {@link IllegalArgumentException} naming the shape: sizes,
 * kernel and strides ≥ 1, {@code 0 ≤ pad ≤ kernel / 2} (PyTorch's rule "pad should be at most half of kernel
 * size"), and a kernel no larger than the padded input. Together these make every window hold at least one input
 * element: the first window starts at {@code −pad ≥ −(kernel − 1)}, and in floor mode the last one starts at most at
 * {@code height + pad − kernel ≤ height − 1}; so max pooling never returns a value of the padding alone.
 *
 * @param batch    images, N
 * @param channels channels, C
 * @param height   input height, H
 * @param width    input width, W
 * @param kernelH  window height
 * @param kernelW  window width
 * @param strideH  vertical step between windows
 * @param strideW  horizontal step between windows
 * @param padH     rows of padding above and below
 * @param padW     columns of padding left and right
 */
public record PoolShape(int batch, int channels, int height, int width, int kernelH, int kernelW, int strideH,
                        int strideW, int padH, int padW) {

    /** Validates the geometry; see the class comment for the rules. */
    public PoolShape {
        positive("batch", batch);
        positive("channels", channels);
        positive("height", height);
        positive("width", width);
        positive("kernelH", kernelH);
        positive("kernelW", kernelW);
        positive("strideH", strideH);
        positive("strideW", strideW);
        if (padH < 0 || padW < 0) {
            throw invalid("padding must be >= 0, got padH=" + padH + ", padW=" + padW, batch, channels, height,
                    width, kernelH, kernelW, strideH, strideW, padH, padW);
        }
        if (padH > kernelH / 2 || padW > kernelW / 2) {
            throw invalid("padding must be at most half the kernel (as PyTorch requires), got padding " + padH + "x"
                    + padW + " for kernel " + kernelH + "x" + kernelW, batch, channels, height, width, kernelH,
                    kernelW, strideH, strideW, padH, padW);
        }
        long paddedH = (long) height + 2L * padH;
        long paddedW = (long) width + 2L * padW;
        if (kernelH > paddedH || kernelW > paddedW) {
            throw invalid("the kernel " + kernelH + "x" + kernelW + " is larger than the padded input " + paddedH
                    + "x" + paddedW, batch, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW);
        }
        long planes = (long) batch * channels;
        long outH = (paddedH - kernelH) / strideH + 1;
        long outW = (paddedW - kernelW) / strideW + 1;
        if (planes * height * width > Integer.MAX_VALUE || planes * outH * outW > Integer.MAX_VALUE) {
            throw invalid("the input or the output would have more than 2^31-1 elements", batch, channels, height, width, kernelH,
                    kernelW, strideH, strideW, padH, padW);
        }
    }

    /**
     * A square pooling: {@code kernel × kernel} windows, the same stride and padding in both directions.
     *
     * @return the validated shape
     */
    public static PoolShape of(int batch, int channels, int height, int width, int kernel, int stride,
                               int padding) {
        return new PoolShape(batch, channels, height, width, kernel, kernel, stride, stride, padding, padding);
    }

    /** @return output height, {@code ⌊(height + 2·padH − kernelH) / strideH⌋ + 1} */
    public int outHeight() {
        return (int) (((long) height + 2L * padH - kernelH) / strideH + 1);
    }

    /** @return output width, {@code ⌊(width + 2·padW − kernelW) / strideW⌋ + 1} */
    public int outWidth() {
        return (int) (((long) width + 2L * padW - kernelW) / strideW + 1);
    }

    /** @return planes (images × channels), N·C */
    public int planes() {
        return batch * channels;
    }

    /** @return elements of the input, N·C·H·W */
    public int inputSize() {
        return batch * channels * height * width;
    }

    /**
     * @return elements of the output, N·C·outH·outW (it may exceed the input's by a row and a column: stride 1 with
     *         padding, {@code outH ≤ H + 1})
     */
    public int outputSize() {
        return batch * channels * outHeight() * outWidth();
    }

    /** @return e.g. {@code 8x64x112x112 kernel 3 stride 2 pad 1 -> 8x64x56x56} */
    public String describe() {
        return batch + "x" + channels + "x" + height + "x" + width + " kernel " + pair(kernelH, kernelW) + " stride "
                + pair(strideH, strideW) + " pad " + pair(padH, padW) + " -> " + batch + "x" + channels + "x"
                + outHeight() + "x" + outWidth();
    }

    private static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : a + "x" + b;
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("PoolShape: " + what + " must be >= 1, got " + what + "=" + value);
        }
    }

    private static IllegalArgumentException invalid(String why, int batch, int channels, int height, int width,
                                                    int kernelH, int kernelW, int strideH, int strideW, int padH,
                                                    int padW) {
        return new IllegalArgumentException("PoolShape: " + why + " (input " + batch + "x" + channels + "x" + height
                + "x" + width + ", kernel " + pair(kernelH, kernelW) + ", stride " + pair(strideH, strideW)
                + ", pad " + pair(padH, padW) + ")");
    }
}
