package dev.resvec.kernels;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.conv.ChannelsLastFilterGradient;
import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import dev.resvec.kernels.internal.conv.ShiftedBackends;
import dev.resvec.kernels.internal.conv.ShiftedFilterGradient;
import dev.resvec.kernels.internal.conv.ShiftedForward;
import dev.resvec.kernels.internal.conv.WinogradBackends;
import dev.resvec.kernels.internal.conv.WinogradFilterGradient;

/**
 * How far a float convolution of {@link Convolution} may be from the exact one: per algorithm and direction, the
 * bound the tests check on every element, and the bound relative to {@code Σ|terms|} that a caller can check a
 * result against (the benchmarks do).
 *
 * <p>u = 2<sup>-24</sup> ({@link #U}). For an element y (an output, or an element of a gradient), its
 * magnitude {@code M = Σ|terms|} is the sum of the absolute values of the products its definition sums
 * ({@code Σ|w||x|} for an output, {@code Σ|g||w|} for the data gradient, {@code Σ|g||x|} for the filter gradient),
 * plus {@code |bias| + |residual|} where an epilogue adds them.
 *
 * <h2>Proven bounds: {@code |ŷ − y| ≤ 1.01·n·u·M}</h2>
 * Higham's summation bound (<i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., §3.1, Lemma 3.1:
 * |fl(Σ) − Σ| ≤ γ<sub>n</sub>·Σ|terms| in any order, γ<sub>n</sub> = n·u/(1 − n·u)), with n the most roundings a
 * term goes through; 1.01 covers 1/(1 − n·u) and a double-precision reference's own error. nb is the GEMM's depth
 * blocks for a depth k, {@code max(1, ⌈4k / 5·KC⌉)} ({@code BlisGemm}'s balanced depth step; each adds one rounding).
 * <table>
 *   <caption>n per algorithm and direction</caption>
 *   <tr><th>algorithm</th><th>forward</th><th>data gradient</th><th>filter gradient</th></tr>
 *   <tr><td>{@code IM2COL_GEMM}, {@code POINTWISE_GEMM}</td><td>k + nb + 3, k = Cg·R·S
 *       ({@link #forwardRoundings})</td><td>Kg + nb + R·S + 1 (GEMM, then col2im), or K·R·S + 2 on shifted rows
 *       ({@link #dataRoundings})</td>
 *       <td>L + nb + 2 + N·B: B blocks of L positions per image; or the shifted-rows sums' count; or, 3×3
 *       stride 1 with 32 channels or more in the Winograd domain, its roundings plus
 *       {@link #WINOGRAD_FILTER_TRANSFORMS} ({@link #filterRoundings})</td></tr>
 *   <tr><td>{@code DIRECT}</td><td colspan="3">the double result rounded once: {@code u·|y| + 2.02·(terms + 3)·2⁻⁵³·M}
 *       ({@link #directFactor})</td></tr>
 *   <tr><td>{@code WINOGRAD_F2X2_3X3}</td><td>C + nb + 12, on Φ instead of M</td><td>K + nb + 12, on Φ</td>
 *       <td>as {@code IM2COL_GEMM} (the filter gradient runs there)</td></tr>
 *   <tr><td>{@code WINOGRAD_F4X4_3X3}</td><td>C + nb + 20, on Φ</td><td>K + nb + 20, on Φ</td>
 *       <td>as {@code IM2COL_GEMM}</td></tr>
 * </table>
 * For Winograd the magnitude is not M but Φ, every term the algorithm sums over the element's whole tile
 * ({@code Σ_c |Aᵀ|(|G||g||Gᵀ| ⊙ |Bᵀ||d_c||B|)|A|}, up to κ² = 16 (F(2×2)) or ≈ 860 (F(4×4)) times M:
 * {@link #winogradRoundings}; derived in {@code WinogradConvolution}'s Javadoc). No bound proportional to M alone can
 * be proven for Winograd: at a padded border a tile holds data the element's own window does not.
 *
 * <h2>Bounds relative to Σ|terms|: {@link #relative}</h2>
 * {@code |ŷ − y| ≤ relative(shape, algorithm, direction)·M}: the proven 1.01·n·u for the GEMM algorithms and
 * {@code DIRECT}; for Winograd (forward and data gradient) a measured bound, {@code (t + n_gemm)·u} with
 * n_gemm = depth + nb the GEMM's proven share and t the transforms' share: twice the largest
 * {@code err/(u·M) − n_gemm} measured, rounded up: t = {@link #F2X2_TRANSFORMS} (F(2×2,3×3)),
 * {@link #F4X4_TRANSFORMS} (F(4×4,3×3) forward) and {@link #F4X4_DATA_TRANSFORMS} (its data gradient). The
 * measurement (2026-12-03): {@code ConvErrorBoundTest} with 150 tries per GEMM property and 300 for Winograd
 * (batch 1–3, channels 1–70, sizes 1–40, every direction; data uniform in [−1, 1]; vector provider, 512-bit with
 * FMA, default threads); its largest {@code err/(u·M)} per algorithm and direction is in {@link ConvAlgorithm}'s
 * Javadoc.
 *
 * <p>The relative bounds are what the benchmarks check their results against ({@code ConvBenchmark}). The Winograd
 * ones are measured on random data, not proven: an input whose terms are tiny inside an element's window but large
 * in the rest of its tile can exceed them, never the proven Φ bound.
 */
public final class ConvErrorBound {
    private ConvErrorBound() {}

    /** The unit roundoff of float, 2<sup>-24</sup>. */
    public static final double U = 0x1p-24;

    /**
     * Winograd F(2×2,3×3)'s transforms' share of the relative bound, forward and data gradient, in units of u: twice
     * the largest measured (48.2 forward, 54.2 data gradient), rounded up.
     */
    public static final double F2X2_TRANSFORMS = 112;

    /** Winograd F(4×4,3×3)'s transforms' share of the forward relative bound, in u: twice the measured 77.8. */
    public static final double F4X4_TRANSFORMS = 160;

    /**
     * Winograd F(4×4,3×3)'s transforms' share of the data gradient's relative bound, in u: twice the measured 4008,
     * rounded up. Far above the forward's: the worst elements are inputs at a border whose few gradient terms are
     * small while their 6×6 tile holds large ones.
     */
    public static final double F4X4_DATA_TRANSFORMS = 8192;

    /**
     * The Winograd-domain filter gradient's ({@code WinogradFilterGradient}) transforms' share of its bound relative to
     * Σ|∂y·x|, in u, added to its roundings (proven on Φ, the transformed terms' magnitude, up to 16·Σ|∂y·x| summed
     * over the 4×4 window's offsets). Measured (2026-12-06, 300 random shapes it runs on — batch 1–6, 32–70 channels,
     * sizes 3–40, padding 0–2 — on the 512-, 256-, 128-bit and scalar providers): the worst error was 3.5 u·Σ|∂y·x|,
     * about 50 u below the roundings alone, whose sum over the tiles already covers it; 16 (κ² of F(2×2)) is margin.
     */
    public static final double WINOGRAD_FILTER_TRANSFORMS = 16;

    /** What a bound is for: the forward convolution or one of its gradients. */
    public enum Direction {
        /** {@code out = conv(in, w)} ({@link Convolution#forward}). */
        FORWARD,
        /** {@code ∂L/∂in} ({@link Convolution#backwardData}). */
        BACKWARD_DATA,
        /** {@code ∂L/∂w} ({@link Convolution#backwardFilter}). */
        BACKWARD_FILTER
    }

    /**
     * The bound relative to Σ|terms| of what {@link Convolution} computes on the active provider (every thread
     * count gives the same result).
     *
     * @param algorithm {@link ConvAlgorithm#AUTO} stands for {@link Convolution#choose}'s choice
     * @return ε with {@code |ŷ − y| ≤ ε·Σ|terms|} per element (no epilogue)
     * @throws IllegalArgumentException when the algorithm does not accept the shape
     */
    public static double relative(ConvShape s, ConvAlgorithm algorithm, Direction direction) {
        ConvAlgorithm a = resolve(s, algorithm);
        if (a == ConvAlgorithm.DIRECT) {
            return directFactor(terms(s, direction));
        }
        boolean winograd = a == ConvAlgorithm.WINOGRAD_F2X2_3X3 || a == ConvAlgorithm.WINOGRAD_F4X4_3X3;
        return switch (direction) {
            case FORWARD -> winograd ? winogradRelative(a, direction, s.inChannels(), winogradKc())
                    : 1.01 * forwardRoundings(s, gemmKc(Backends.active())) * U;
            case BACKWARD_DATA -> winograd ? winogradRelative(a, direction, s.outChannels(), winogradKc())
                    : 1.01 * dataRoundings(s) * U;
            case BACKWARD_FILTER -> 1.01 * filterRoundings(s, a) * U;
        };
    }

    /**
     * The worst-case roundings of the forward GEMM algorithms on the active provider: {@code k + nb + 3},
     * k = Cg·R·S (its dot product, alpha, nb − 1 depth-block adds, beta·C, bias, residual).
     */
    public static int forwardRoundings(ConvShape s) {
        return forwardRoundings(s, gemmKc(Backends.active()));
    }

    /** As {@link #forwardRoundings(ConvShape)}, for a GEMM whose KC is {@code kc} (tests: any provider). */
    static int forwardRoundings(ConvShape s, int kc) {
        int k = s.groupInChannels() * s.kernelH() * s.kernelW();
        return k + depthBlocks(k, kc) + 3;
    }

    /**
     * The worst-case roundings of the GEMM algorithms' data gradient on the active provider:
     * {@code Kg + nb + R·S + 1} (the GEMM {@code W_gᵀ·gradOut}, alpha, depth blocks, then col2im's adds), or
     * {@code K·R·S + 2} where it runs as a forward convolution on shifted rows ({@code ShiftedForward}).
     */
    public static int dataRoundings(ConvShape s) {
        int gemm = dataRoundings(s, gemmKc(Backends.active()));
        // where the data gradient runs as a forward convolution on shifted rows: one chain of K·R·S roundings
        return ShiftedForward.paysData(s) ? Math.max(gemm, s.outChannels() * s.kernelH() * s.kernelW() + 2) : gemm;
    }

    /** As {@link #dataRoundings(ConvShape)}, for a GEMM whose KC is {@code kc}. */
    static int dataRoundings(ConvShape s, int kc) {
        int kg = s.groupOutChannels();
        return kg + depthBlocks(kg, kc) + s.kernelH() * s.kernelW() + 1;
    }

    /**
     * The worst-case roundings of the filter gradient that {@link Convolution#backwardFilter} computes with this
     * algorithm on the active provider: the channels-last sums where they pay ({@code ChannelsLastFilterGradient}),
     * the Winograd domain's where it pays ({@code WinogradFilterGradient}, with
     * {@link #WINOGRAD_FILTER_TRANSFORMS}), the shifted-rows sums where they pay ({@code ShiftedFilterGradient}),
     * else the GEMM's {@code L + nb + 2 + N·B}.
     */
    public static long filterRoundings(ConvShape s, ConvAlgorithm algorithm) {
        ConvAlgorithm a = resolve(s, algorithm);
        if (a != ConvAlgorithm.DIRECT && ChannelsLastFilterGradient.pays(s)) {
            return ChannelsLastFilterGradient.roundings(s);
        }
        if (a != ConvAlgorithm.DIRECT && WinogradFilterGradient.pays(s)) {
            Backend active = Backends.active();
            return WinogradFilterGradient.roundings(s, gemmKc(active), WinogradFilterGradient.lanes(active))
                    + (long) WINOGRAD_FILTER_TRANSFORMS;
        }
        if (a != ConvAlgorithm.DIRECT && ShiftedFilterGradient.pays(s)) {
            return ShiftedFilterGradient.roundings(s, ShiftedBackends.active().lanes());
        }
        return gemmFilterRoundings(s, a, ConvContext.active());
    }

    /**
     * The GEMM filter gradient's roundings in a given context: N·B GEMMs (B column blocks of at most L output
     * positions per image), each a dot product of depth ≤ L, alpha, nb − 1 depth-block adds and the running sum,
     * then each later GEMM's add.
     */
    static int gemmFilterRoundings(ConvShape s, ConvAlgorithm algorithm, ConvContext context) {
        int width = GemmConvolution.filterBlockWidth(context, s, algorithm);
        int blocks = Math.ceilDiv(s.outHeight() * s.outWidth(), width);
        return width + depthBlocks(width, gemmKc(context.backend())) + 2 + s.batch() * blocks;
    }

    /**
     * Winograd's worst-case roundings, on Φ: {@code depth + nb + 20} for F(4×4,3×3), {@code depth + nb + 12} for
     * F(2×2,3×3) (input transform 4 or 2, filter transform 8 or 4, GEMM depth + nb, output transform 6 or 4, bias
     * and residual 2).
     *
     * @param depth the channels the GEMMs sum: C forward, K for the data gradient
     * @param kc    the Winograd GEMM's KC
     */
    public static int winogradRoundings(ConvAlgorithm algorithm, int depth, int kc) {
        int nb = depthBlocks(depth, kc);
        return switch (algorithm) {
            case WINOGRAD_F4X4_3X3 -> depth + nb + 20;
            case WINOGRAD_F2X2_3X3 -> depth + nb + 12;
            default -> throw new IllegalArgumentException("not a Winograd algorithm: " + algorithm);
        };
    }

    /**
     * {@code DIRECT} in float is the double result rounded once: {@code u·|y| + 2.02·(terms + 3)·2⁻⁵³·M}, folded
     * into a factor on M since |y| ≤ M.
     *
     * @param terms the products an element sums
     */
    public static double directFactor(int terms) {
        return U + 2.02 * (terms + 3) * 0x1p-53;
    }

    /** @return the GEMM's depth blocks for a depth k: {@code max(1, ⌈4k / 5·kc⌉)} */
    static int depthBlocks(int k, int kc) {
        return Math.max(1, Math.ceilDiv(4 * k, 5 * kc));
    }

    /** @return the KC of a backend's GEMM (1 for an unblocked one: a bound over every depth) */
    static int gemmKc(Backend backend) {
        return backend.sgemm() instanceof BlisGemm blis ? blis.blocking().kc() : 1;
    }

    private static int winogradKc() {
        return WinogradBackends.active().blocking().kc();
    }

    private static double winogradRelative(ConvAlgorithm a, Direction d, int depth, int kc) {
        double t = a == ConvAlgorithm.WINOGRAD_F2X2_3X3 ? F2X2_TRANSFORMS
                : d == Direction.FORWARD ? F4X4_TRANSFORMS : F4X4_DATA_TRANSFORMS;
        return (t + depth + depthBlocks(depth, kc)) * U;
    }

    private static int terms(ConvShape s, Direction d) {
        return switch (d) {
            case FORWARD -> s.groupInChannels() * s.kernelH() * s.kernelW();
            case BACKWARD_DATA -> s.groupOutChannels() * s.kernelH() * s.kernelW();
            case BACKWARD_FILTER -> s.batch() * s.outHeight() * s.outWidth();
        };
    }

    private static ConvAlgorithm resolve(ConvShape s, ConvAlgorithm algorithm) {
        ConvAlgorithm a = algorithm == ConvAlgorithm.AUTO ? Convolution.choose(s) : algorithm;
        if (!a.accepts(s)) {
            throw new IllegalArgumentException(a + " does not accept " + s.describe());
        }
        return a;
    }
}
