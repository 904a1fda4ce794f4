package dev.resvec.core.testing;

import dev.resvec.kernels.ConvShape;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of convolutions ({@link ConvCase}: a {@link ConvShape} and its operands) for gradient checks and
 * float32 agreement of {@code Functional.conv2d}, built like {@link TensorArbitraries}' generators: every geometric
 * parameter drawn on its own and combined with {@link Combinators#combine}, so a failing case shrinks parameter by
 * parameter towards one image, one channel, a 1×1 kernel, stride 1 and no padding.
 * <pre>{@code
 * @Property
 * void conv(@ForAll("convs") ConvCase c) { ... c.conv2d(ConvAlgorithm.AUTO, c.operands()) ... }
 *
 * @Provide
 * Arbitrary<ConvCase> convs() {
 *     return ConvArbitraries.convCases();
 * }
 * }</pre>
 */
public final class ConvArbitraries {
    private ConvArbitraries() {}

    /**
     * Convolution cases with the ranges of a float64 gradient check (each input element costs two forwards): batch
     * 1–2, channels 1–5 (input and output), sizes 1–9, kernels 1–5, strides 1–3, padding 0–2, dilation 1–2, groups
     * 1–2, values in [−2, 2], with or without a bias.
     *
     * @return cases that shrink towards one image, one channel, a 1×1 kernel, stride 1, no padding
     */
    public static Arbitrary<ConvCase> convCases() {
        return convCases(convShapes(2, 5, 9, 5, 3, 2, 2, 2), Values.between(-2, 2));
    }

    /**
     * @param shapes the geometries (see {@link #convShapes}, {@link #pointwiseConvShapes},
     *               {@link #winogradConvShapes})
     * @param values the values of input, weight and bias
     * @return cases of these geometries, with or without a bias (shrinking towards none)
     */
    public static Arbitrary<ConvCase> convCases(Arbitrary<ConvShape> shapes, Values values) {
        return shapes.flatMap(s -> Combinators.combine(
                TensorArbitraries.tensors(new int[] {s.batch(), s.inChannels(), s.height(), s.width()}, values),
                TensorArbitraries.tensors(new int[] {s.outChannels(), s.groupInChannels(), s.kernelH(), s.kernelW()},
                        values),
                TensorArbitraries.tensors(new int[] {s.outChannels()}, values),
                Arbitraries.of(false, true))
                .as((in, w, b, withBias) -> new ConvCase(s, in, w, withBias ? b : null)));
    }

    /**
     * Convolution geometries: every parameter drawn independently (so each shrinks on its own), then the input
     * enlarged where needed to the (dilated) kernel's span minus the padding, so every geometry is valid.
     *
     * @param maxBatch    the largest batch (from 1)
     * @param maxChannels the most input channels and the most output channels (from 1)
     * @param maxSize     the largest height and width (from 1; larger only where the kernel's span needs it)
     * @param maxKernel   the largest kernel height and width (from 1)
     * @param maxStride   the largest stride (from 1)
     * @param maxPadding  the largest padding (from 0)
     * @param maxDilation the largest dilation (from 1)
     * @param maxGroups   the most channel groups (from 1; capped by maxChannels); channels are multiples of it
     * @return geometries that shrink towards 1×1×1×1 with a 1×1 kernel, stride 1, no padding, one group
     */
    public static Arbitrary<ConvShape> convShapes(int maxBatch, int maxChannels, int maxSize, int maxKernel,
                                                  int maxStride, int maxPadding, int maxDilation, int maxGroups) {
        checkRange("batch", 1, maxBatch);
        checkRange("channels", 1, maxChannels);
        checkRange("groups", 1, maxGroups);
        return convShapes(upTo(1, maxBatch), upTo(1, Math.min(maxGroups, maxChannels)), 1, maxChannels,
                upTo(1, maxSize), upTo(1, maxKernel), upTo(1, maxStride), upTo(0, maxPadding), upTo(1, maxDilation));
    }

    /**
     * 1×1 geometries ({@code POINTWISE_GEMM}'s): no padding, no dilation, one group, any stride up to maxStride.
     *
     * @return geometries as {@link #convShapes} draws them, with these parameters fixed
     */
    public static Arbitrary<ConvShape> pointwiseConvShapes(int maxBatch, int maxChannels, int maxSize, int maxStride) {
        checkRange("batch", 1, maxBatch);
        checkRange("channels", 1, maxChannels);
        return convShapes(upTo(1, maxBatch), Arbitraries.just(1), 1, maxChannels, upTo(1, maxSize), Arbitraries.just(1),
                upTo(1, maxStride), Arbitraries.just(0), Arbitraries.just(1));
    }

    /**
     * 3×3 stride-1 geometries (Winograd's): no dilation, one group, padding up to maxPadding, sizes from 1 (smaller
     * than a Winograd tile, where the padding allows) up to maxSize.
     *
     * @return geometries as {@link #convShapes} draws them, with these parameters fixed
     */
    public static Arbitrary<ConvShape> winogradConvShapes(int maxBatch, int maxChannels, int maxSize,
                                                          int maxPadding) {
        return winogradConvShapes(maxBatch, 1, maxChannels, maxSize, maxPadding);
    }

    /**
     * 3×3 stride-1 geometries with at least {@code minChannels} input and output channels: wide layers, where
     * {@code ConvAlgorithm.AUTO} picks Winograd (it keeps the narrow ones on GEMM).
     *
     * @return geometries as {@link #winogradConvShapes(int, int, int, int)} draws them, channels from minChannels
     */
    public static Arbitrary<ConvShape> winogradConvShapes(int maxBatch, int minChannels, int maxChannels, int maxSize,
                                                          int maxPadding) {
        checkRange("batch", 1, maxBatch);
        checkRange("channels", Math.max(1, minChannels), maxChannels);
        return convShapes(upTo(1, maxBatch), Arbitraries.just(1), Math.max(1, minChannels), maxChannels,
                upTo(1, maxSize), Arbitraries.just(3), Arbitraries.just(1), upTo(0, maxPadding), Arbitraries.just(1));
    }

    private static Arbitrary<ConvShape> convShapes(Arbitrary<Integer> batch, Arbitrary<Integer> groups,
                                                   int minChannels, int maxChannels, Arbitrary<Integer> size,
                                                   Arbitrary<Integer> kernel, Arbitrary<Integer> stride,
                                                   Arbitrary<Integer> padding, Arbitrary<Integer> dilation) {
        Arbitrary<Integer> perGroup = upTo(minChannels, maxChannels); // groups > 1 only where minChannels is 1
        Arbitrary<int[]> channels = Combinators.combine(batch, groups, perGroup, perGroup)
                .as((n, g, c, k) -> new int[] {n, g, g * Math.min(c, maxChannels / g),
                        g * Math.min(k, maxChannels / g)});
        Arbitrary<int[]> taps = Combinators.combine(kernel, kernel, dilation, dilation)
                .as((r, s, dh, dw) -> new int[] {r, s, dh, dw});
        Arbitrary<int[]> steps = Combinators.combine(stride, stride, padding, padding)
                .as((sh, sw, ph, pw) -> new int[] {sh, sw, ph, pw});
        Arbitrary<int[]> sizes = Combinators.combine(size, size).as((h, w) -> new int[] {h, w});
        return Combinators.combine(channels, taps, steps, sizes).as((c, t, st, sz) -> {
            int h = Math.max(sz[0], Math.max(1, t[2] * (t[0] - 1) + 1 - 2 * st[2]));
            int w = Math.max(sz[1], Math.max(1, t[3] * (t[1] - 1) + 1 - 2 * st[3]));
            return new ConvShape(c[0], c[2], h, w, c[3], t[0], t[1], st[0], st[1], st[2], st[3], t[2], t[3], c[1]);
        });
    }

    private static Arbitrary<Integer> upTo(int min, int max) {
        checkRange("parameter", min, max);
        return Arbitraries.integers().between(min, max);
    }

    private static void checkRange(String what, int min, int max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("ConvArbitraries: " + what + " bounds must satisfy 0 <= min <= max, got "
                    + min + ".." + max);
        }
    }
}
