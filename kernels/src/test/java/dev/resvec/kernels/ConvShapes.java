package dev.resvec.kernels;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of convolution geometries for the convolution tests: batch 1–3, channels 1–70, sizes 1–40 with
 * the awkward values favoured (1, primes, one below and above the 8-lane vector length), kernels 1–7, strides 1–3,
 * padding 0–2, dilation 1–2, groups 1, 2 or depthwise.
 *
 * <p>jqwik's edge cases are off for the shapes: combined over fourteen parameters they made a third of the tries
 * the same all-ones 1×1 convolution; the awkward values are favoured by the generators themselves instead.
 *
 * <p>Cost cap: the double-precision direct reference costs {@code N·K·Cg·R·S·outH·outW} multiply-adds (twice, with
 * the magnitudes of the error bound). Shapes over {@link #MAX_MACS} are brought under it by halving channel counts
 * (then the batch), so every try stays within a few milliseconds while sizes, kernels and strides keep their full
 * range.
 */
final class ConvShapes {
    private ConvShapes() {}

    /** Multiply-adds of one direct convolution at most per generated shape. */
    static final long MAX_MACS = 1_000_000;

    private static final List<Integer> EDGE_SIZES = List.of(1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 23, 31, 40);
    private static final List<Integer> EDGE_CHANNELS = List.of(1, 2, 3, 7, 8, 9, 16, 17, 31, 64, 70);

    static Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(EDGE_SIZES)),
                Tuple.of(1, Arbitraries.integers().between(1, 40)));
    }

    static Arbitrary<Integer> channels() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(EDGE_CHANNELS)),
                Tuple.of(1, Arbitraries.integers().between(1, 70)));
    }

    static Arbitrary<Integer> batches() {
        return Arbitraries.integers().between(1, 3);
    }

    /** Any geometry ({@code IM2COL_GEMM} accepts them all). */
    static Arbitrary<ConvShape> general() {
        Arbitrary<Integer> kernel = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(1, 3)),
                Tuple.of(2, Arbitraries.integers().between(1, 7)));
        Arbitrary<Integer> stride = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> pad = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> dilation = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.just(2)));
        Arbitrary<int[]> taps = Combinators.combine(kernel, kernel, stride, stride, pad, pad, dilation, dilation)
                .as((r, q, sh, sw, ph, pw, dh, dw) -> new int[] {r, q, sh, sw, ph, pw, dh, dw});
        Arbitrary<Integer> groupMode = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)));
        Arbitrary<int[]> rest = Combinators.combine(batches(), groupMode, channels(), channels(), sizes(), sizes())
                .as((n, mode, c, k, h, w) -> new int[] {n, mode, c, k, h, w});
        return Combinators.combine(taps, rest).as(ConvShapes::build).withoutEdgeCases();
    }

    /**
     * Narrow 3×3 stride-1 layers (at most 64 channels) of 32 or 64 output positions an image: where the shifted-rows
     * forward and data gradient ({@code ShiftedForward}) run two-vector tiles on 4, 8 and 16 lanes (64 positions: on 8
     * and 16), which the general shapes reach only by chance.
     */
    static Arbitrary<ConvShape> narrowTwoVectorTiles() {
        Arbitrary<int[]> sides = Arbitraries.of(new int[] {8, 8}, new int[] {4, 8}, new int[] {8, 4},
                new int[] {2, 16}, new int[] {16, 4}, new int[] {1, 32});
        Arbitrary<Integer> narrow = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(1, 3, 8, 16, 17, 64)),
                Tuple.of(1, Arbitraries.integers().between(1, 64)));
        return Combinators.combine(batches(), narrow, narrow, sides)
                .as((n, c, k, hw) -> ConvShape.of(n, c, hw[0], hw[1], k, 3, 1, 1)).withoutEdgeCases();
    }

    /**
     * Narrow stride-1 layers (at most 24 channels) whose shifted-rows planes hold more than 272 floats: where
     * {@code ShiftedForward} lays them out at the kernels' larger fixed stride, with three planes a channel (3×3,
     * 1×3) or fewer (3×1, 2×2), on images up to 32×32 (three-vector tiles and their remainders; two-vector tiles
     * at 7×32 on 16 lanes).
     */
    static Arbitrary<ConvShape> narrowFixedPlanes() {
        Arbitrary<int[]> sides = Arbitraries.of(new int[] {16, 16}, new int[] {32, 32}, new int[] {31, 17},
                new int[] {17, 33}, new int[] {24, 20}, new int[] {7, 32});
        Arbitrary<int[]> kernels = Arbitraries.of(new int[] {3, 3, 1, 1}, new int[] {3, 3, 0, 0},
                new int[] {1, 3, 0, 1}, new int[] {3, 1, 1, 0}, new int[] {2, 2, 0, 0});
        Arbitrary<Integer> narrow = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(1, 3, 8, 9, 16)),
                Tuple.of(1, Arbitraries.integers().between(1, 24)));
        return Combinators.combine(Arbitraries.integers().between(1, 2), narrow, narrow, sides, kernels)
                .as((n, c, k, hw, q) -> new ConvShape(n, c, hw[0], hw[1], k, q[0], q[1], 1, 1, q[2], q[3], 1, 1, 1))
                .withoutEdgeCases();
    }

    /**
     * The shapes of {@code StridedForward}'s channel tiles: 3×3 stride-2 layers whose output rows 7 or 8 divide, and
     * (one in four) 3×3 stride-1 layers 7 outputs wide, with 32 or 64 output channels at stride 2 and 96 or 128 at
     * stride 1 (whole tiles of 8, 16 and 32 channels: the tiles on 128-, 256- and 512-bit vectors; and more than the
     * 64 up to which {@code ShiftedForward} takes stride-1 layers), padding 0–2; input channels halved, then the batch,
     * until the reference costs at most {@link #MAX_MACS}.
     */
    static Arbitrary<ConvShape> stridedTiles() {
        Arbitrary<Integer> rowWidths = Arbitraries.of(7, 8, 14, 16, 21, 24);
        Arbitrary<Integer> inChannels = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(1, 3, 16, 17, 33)),
                Tuple.of(1, Arbitraries.integers().between(1, 40)));
        Arbitrary<Integer> strides = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(2)),
                Tuple.of(1, Arbitraries.just(1)));
        Arbitrary<int[]> geometry = Combinators.combine(Arbitraries.integers().between(1, 8), rowWidths,
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 1), strides)
                .as((oh, ow, ph, pw, eh, ew, st) -> st == 1 ? new int[] {oh, 7, ph, pw, 0, 0, 1}
                        : new int[] {oh, ow, ph, pw, eh, ew, 2});
        return Combinators.combine(Arbitraries.integers().between(1, 3), inChannels, Arbitraries.of(32, 64), geometry)
                .as((n, c, k, g) -> {
                    // the input size whose output is oh × ow at this padding (at stride 2, one more row or column
                    // gives the same output)
                    int st = g[6], ph = g[2], pw = g[3];
                    int h = st * (g[0] - 1) + 3 - 2 * ph + g[4], w = st * (g[1] - 1) + 3 - 2 * pw + g[5];
                    if (h < 1) {
                        ph = 0;
                        h = st * (g[0] - 1) + 3 + g[4];
                    }
                    if (w < 1) {
                        pw = 0;
                        w = st * (g[1] - 1) + 3 + g[5];
                    }
                    // at stride 1, more than 64 output channels: narrower layers run on shifted rows first
                    int batch = n, channels = c, outChannels = st == 1 ? k + 64 : k;
                    while ((long) batch * channels * outChannels * 9 * g[0] * g[1] > MAX_MACS && channels > 1) {
                        channels = (channels + 1) / 2;
                    }
                    while ((long) batch * channels * outChannels * 9 * g[0] * g[1] > MAX_MACS && batch > 1) {
                        batch--;
                    }
                    return new ConvShape(batch, channels, h, w, outChannels, 3, 3, st, st, ph, pw, 1, 1, 1);
                }).withoutEdgeCases();
    }

    /** 1×1, unpadded, undilated, ungrouped, stride 1–3 ({@code POINTWISE_GEMM}'s shapes). */
    static Arbitrary<ConvShape> pointwise() {
        Arbitrary<Integer> stride = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.integers().between(2, 3)));
        return Combinators.combine(batches(), channels(), channels(), sizes(), sizes(), stride, stride)
                .as((n, c, k, h, w, sh, sw) -> build(new int[] {1, 1, sh, sw, 0, 0, 1, 1},
                        new int[] {n, 0, c, k, h, w})).withoutEdgeCases();
    }

    /**
     * 3×3, stride 1, padding 0–2 (the Winograd algorithms' shapes); the vertical and horizontal padding are drawn
     * independently, since the algorithms accept any padding.
     */
    static Arbitrary<ConvShape> winograd() {
        Arbitrary<Integer> pad = Arbitraries.integers().between(0, 2);
        return Combinators.combine(batches(), channels(), channels(), sizes(), sizes(), pad, pad)
                .as((n, c, k, h, w, ph, pw) -> build(new int[] {3, 3, 1, 1, ph, pw, 1, 1},
                        new int[] {n, 0, c, k, h, w}))
                .withoutEdgeCases();
    }

    /**
     * @param t    kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW
     * @param rest batch, group mode (0: one group, 1: two groups, 2: depthwise), two channel counts, height, width
     */
    static ConvShape build(int[] t, int[] rest) {
        int n = rest[0], mode = rest[1], c1 = rest[2], c2 = rest[3];
        // sizes too small for the dilated kernel grow to the smallest legal size
        int h = Math.max(rest[4], t[6] * (t[0] - 1) + 1 - 2 * t[4]);
        int w = Math.max(rest[5], t[7] * (t[1] - 1) + 1 - 2 * t[5]);
        int groups, cg, kg;
        switch (mode) {
            case 1 -> { groups = 2; cg = (c1 + 1) / 2; kg = (c2 + 1) / 2; }
            case 2 -> { groups = c1; cg = 1; kg = 1 + c2 % 2; }   // depthwise, channel multiplier 1 or 2
            default -> { groups = 1; cg = c1; kg = c2; }
        }
        while (true) {
            ConvShape s = new ConvShape(n, groups * cg, h, w, groups * kg, t[0], t[1], t[2], t[3], t[4], t[5], t[6],
                    t[7], groups);
            if (macs(s) <= MAX_MACS) {
                return s;
            }
            if (cg > 1 && cg >= kg) {
                cg = (cg + 1) / 2;
            } else if (kg > 1) {
                kg = (kg + 1) / 2;
            } else if (groups > 1) {
                groups = (groups + 1) / 2;
            } else if (n > 1) {
                n--;
            } else {
                return s; // cannot happen with sizes up to 40 and kernels up to 7
            }
        }
    }

    /** Multiply-adds of the direct convolution. */
    static long macs(ConvShape s) {
        return (long) s.batch() * s.outChannels() * s.groupInChannels() * s.kernelH() * s.kernelW() * s.outHeight()
                * s.outWidth();
    }
}
