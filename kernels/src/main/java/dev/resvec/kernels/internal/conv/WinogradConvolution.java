package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;

/**
 * Winograd F(2×2,3×3) and F(4×4,3×3) (Lavin &amp; Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR
 * 2016) for 3×3 stride-1 convolutions, any padding and size: filters transformed once ({@link #transformFilter}),
 * then per call the input transform, α² GEMMs in the transformed domain and the output transform with the epilogue
 * fused ({@link WinogradForward}); the data gradient runs through the same path with flipped, transposed filters.
 * Double twins compute the same algorithm in double ({@link WinogradDouble}). Arguments were validated by the facade.
 *
 * <h2>Error bound</h2>
 * Let u be the unit roundoff (2⁻²⁴ for float, 2⁻⁵³ for the double twins), |X| the element-wise absolute value, and for
 * output (k, y, x) in tile position (i, j) of its tile, whose α×α input window of channel c is d<sub>c</sub>,
 * <pre>  Φ(k,y,x) = Σ_c ( |Aᵀ|·( |G|·|g_kc|·|Gᵀ| ⊙ |Bᵀ|·|d_c|·|B| )·|A| )[i][j]</pre>
 * the magnitude of every term the algorithm sums. Then, with nb the depth blocks of the GEMM over C
 * ({@code ⌈C / 1.25·KC⌉}, 1 unless C &gt; 420 on AVX2),
 * <pre>  |ŷ − y| ≤ 1.01 · n · u · (Φ + |bias[k]| + |residual|),   n = C + nb + 20 (F(4×4)),  C + nb + 12 (F(2×2))</pre>
 * Derivation (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1, Lemma 3.1 and the bound
 * |fl(Σ) − Σ| ≤ γ<sub>n</sub>Σ|terms| for any summation order), counting the roundings each term passes through:
 * the input transform is two passes of the factored 1-D Bᵀ, whose multiplications by ±2, ±4 are exact and whose ×5
 * (F(4×4)) rounds once before one add: ≤ 2 roundings per pass for F(4×4) ({@code (d4 + 4·d0) − 5·d2}), 1 for F(2×2),
 * so 4 or 2; U = G g Gᵀ, two passes of the factored 1-D G in float ({@code −((g0 + g2) + g1)·(1/6)}: two adds,
 * the constant 1/6 and the product; ×1/4 and ×1/2 exact): 8 for F(4×4), 4 for F(2×2) (the scalar twin computes U in
 * double and rounds once, within the same count); the GEMM (products and running sums over C, with or
 * without FMA, plus one add per further depth block): ≤ C + nb; the output transform, two passes of the 1-D Aᵀ
 * ({@code (m0 + (m1 + m2)) + (m3 + m4)}: 3 roundings; ×2, ×4, ×8 exact): 6 for F(4×4), 4 for F(2×2); the bias and
 * residual adds: 2. ReLU is 1-Lipschitz. The transforms are linear, so each stage's error is bounded by the
 * transformed magnitudes, and the absolute values of the transform matrices carry them to the output: n·u·Φ to first
 * order; 1.01 covers γ<sub>n</sub> = n·u/(1 − n·u) and the double reference's own error.
 *
 * <p>How large Φ is, by the norms of the transform matrices: in 1-D, Φ ≤ κ·Σ_a |g_a|·max_b |d_b| with
 * {@code κ = max_{i,a} Σ_ξ |Aᵀ[i][ξ]|·|G[ξ][a]|·Σ_b|Bᵀ[ξ][b]|}; in 2-D (a tensor product) κ², so
 * <pre>  Φ(k,y,x) ≤ κ² · Σ_c ‖g_kc‖₁ · max|d_c|,   κ² = 16 for F(2×2),  κ² = (88/3)² ≈ 860 for F(4×4)</pre>
 * against 1 for the direct convolution ({@code Σ|w||x|} summed in any order). That is the precision F(4×4) gives up
 * as its points spread to ±2 (Bᵀ's row sums reach 10, Aᵀ's 19). The bound uses the whole tile, not only the 3×3
 * window of the output: at a padded border a tile may hold data that the output's own window does not, so no bound
 * proportional to that output's {@code Σ|w||x|} alone can hold for Winograd.
 *
 * <p>Measured (vector provider, AVX2 with FMA; data and filters uniform in [−1, 1]; batch 1, C = K, padding 1;
 * against the direct convolution in double), the largest error over all outputs, in units of u:
 * <pre>
 *   layer        F(2×2): err/(u·Σ|w||x|)   err/(u·Φ)   n    F(4×4): err/(u·Σ|w||x|)   err/(u·Φ)   n
 *   64 @ 56×56          1.8                 0.20       77           37.8                0.14       85
 *   128 @ 28×28         1.6                 0.19      141           28.3                0.10      149
 *   256 @ 14×14         1.9                 0.20      269           22.0                0.10      277
 *   512 @ 7×7           1.1                 0.15      526           12.3                0.05      534
 * </pre>
 * and the root-mean-square error relative to Σ|w||x| is 1.1–1.5·10⁻⁸ for F(2×2) and 0.5–1.0·10⁻⁷ for F(4×4): F(4×4)
 * loses about 3 bits against F(2×2), 10–20 times in the worst element. The bound, a worst case, is 300–10000 times
 * the measured error; the tests check it on every element ({@code WinogradForwardTest}) and that it still catches a
 * missing input channel or a window shifted by one pixel ({@code WinogradBoundTest}).
 */
public final class WinogradConvolution {
    private WinogradConvolution() {}

    /** The filters of a forward convolution, transformed and packed for the active provider. */
    public static WinogradFilter transformFilter(ConvAlgorithm algorithm, ConvShape s, float[] w, int offW) {
        return transformFilter(algorithm, s, w, offW, WinogradBackends.active());
    }

    /** The filters of a forward convolution, transformed and packed for the given kernels (tests: either provider). */
    public static WinogradFilter transformFilter(ConvAlgorithm algorithm, ConvShape s, float[] w, int offW,
                                                 WinogradKernels kernels) {
        WinogradVariant v = WinogradVariant.of(algorithm);
        boolean asB = WinogradForward.transposed(WinogradGeometry.forward(s, v), kernels);
        return WinogradFilter.transform(v, kernels, s.outChannels(), s.inChannels(), w, offW, false, asB, null,
                Parallelism.singleThread());
    }

    /** {@code out := epilogue(conv(in, w))} with transformed filters (for this shape's K and C). */
    public static void forward(ConvShape s, WinogradFilter f, float[] in, int offIn, float[] out, int offOut,
                               ConvEpilogue epilogue, Parallelism parallelism) {
        if (f.outChannels() != s.outChannels() || f.inChannels() != s.inChannels()) {
            throw new IllegalArgumentException("the Winograd filters are " + f.outChannels() + "x"
                    + f.inChannels() + "x3x3, the convolution " + s.describe() + " needs " + s.outChannels() + "x"
                    + s.inChannels() + "x3x3");
        }
        WinogradForward.run(WinogradGeometry.forward(s, f.variant()), f, in, offIn, out, offOut, epilogue,
                parallelism);
    }

    /**
     * {@code out := epilogue(conv(in, w))}, the filters transformed on this call into this thread's scratch (no
     * allocation in steady state): the training path, where the filters change on every step.
     */
    public static void forward(ConvShape s, ConvAlgorithm algorithm, float[] in, int offIn, float[] w, int offW,
                               float[] out, int offOut, ConvEpilogue epilogue, Parallelism parallelism) {
        WinogradKernels kernels = WinogradBackends.active();
        WinogradGeometry g = WinogradGeometry.forward(s, WinogradVariant.of(algorithm));
        WinogradFilter f = WinogradFilter.transform(g.variant(), kernels, s.outChannels(), s.inChannels(), w, offW,
                false, WinogradForward.transposed(g, kernels), WinogradScratch.get()::filter, parallelism);
        WinogradForward.run(g, f, in, offIn, out, offOut, epilogue, parallelism);
    }

    /**
     * {@code gradIn := ∂L/∂in}: a Winograd correlation of {@code gradOut} with the filters flipped in both spatial
     * dimensions and transposed (C×K), padded by 2 − p (a crop when p &gt; 2), on the active provider.
     */
    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, float[] gradOut, int offG, float[] w,
                                    int offW, float[] gradIn, int offGradIn, Parallelism parallelism) {
        backwardData(s, algorithm, gradOut, offG, w, offW, gradIn, offGradIn, parallelism,
                WinogradBackends.active());
    }

    /** As {@link #backwardData(ConvShape, ConvAlgorithm, float[], int, float[], int, float[], int, Parallelism)}, on
     * the given kernels. The transformed filters go to this thread's scratch (transformed per call). */
    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, float[] gradOut, int offG, float[] w,
                                    int offW, float[] gradIn, int offGradIn, Parallelism parallelism,
                                    WinogradKernels kernels) {
        WinogradGeometry g = WinogradGeometry.backwardData(s, WinogradVariant.of(algorithm));
        boolean asB = WinogradForward.transposed(g, kernels);
        WinogradFilter f = WinogradFilter.transform(g.variant(), kernels, g.outChannels(), g.inChannels(), w, offW,
                true, asB, WinogradScratch.get()::filter, parallelism);
        WinogradForward.run(g, f, gradOut, offG, gradIn, offGradIn, ConvEpilogue.none(), parallelism);
    }

    // double twins (the algorithm's arithmetic in double, for gradient checks)

    /** {@code out := conv(in, w) + bias} by the Winograd algorithm in double; {@code bias} may be null. */
    public static void forward(ConvShape s, ConvAlgorithm algorithm, double[] in, int offIn, double[] w, int offW,
                               double[] bias, int offBias, double[] out, int offOut) {
        WinogradDouble.convolve(WinogradGeometry.forward(s, WinogradVariant.of(algorithm)), in, offIn, w, offW,
                false, bias, offBias, out, offOut);
    }

    /** {@code gradIn := ∂L/∂in} by the Winograd algorithm in double (flipped, transposed filters). */
    public static void backwardData(ConvShape s, ConvAlgorithm algorithm, double[] gradOut, int offG, double[] w,
                                    int offW, double[] gradIn, int offGradIn) {
        WinogradDouble.convolve(WinogradGeometry.backwardData(s, WinogradVariant.of(algorithm)), gradOut, offG, w,
                offW, true, null, 0, gradIn, offGradIn);
    }
}
