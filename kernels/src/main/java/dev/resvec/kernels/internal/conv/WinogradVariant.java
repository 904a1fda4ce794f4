package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;

/**
 * The two Winograd minimal-filtering algorithms for 3×3 filters, F(m×m, 3×3), with their transform matrices from
 * Lavin &amp; Gray, "Fast Algorithms for Convolutional Neural Networks" (CVPR 2016): an m×m output tile is
 * <pre>  Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A        (Lavin &amp; Gray, eq. 8)</pre>
 * for a 3×3 filter g and an α×α input tile d, α = m + 2, tiles overlapping by 2. Summed over the input channels, the
 * α² element-wise products become α² independent GEMMs (their eq. 12). The result is the correlation
 * {@code Y[i][j] = Σ_{r,s} g[r][s]·d[i+r][j+s]}, i.e. PyTorch's {@code conv2d}.
 *
 * <p>The 1-D transforms of F(m, 3) nest (their §4): the 2-D transform applies the 1-D one along rows, then columns.
 * {@link #applyBt}, {@link #applyAt} and {@link #applyG} are the 1-D transforms in double, written as the factored
 * expressions the float kernels also use; the error analysis (see {@link WinogradConvolution}) counts their roundings.
 */
public enum WinogradVariant {
    /**
     * F(2×2, 3×3), points 0, ±1, ∞ (Lavin &amp; Gray §4.1, the matrices of F(2,3) under eq. 7):
     * <pre>
     *   Bᵀ = [1  0 −1  0]    G = [1    0    0  ]    Aᵀ = [1 1  1  0]
     *        [0  1  1  0]        [1/2  1/2  1/2]         [0 1 −1 −1]
     *        [0 −1  1  0]        [1/2 −1/2  1/2]
     *        [0  1  0 −1]        [0    0    1  ]
     * </pre>
     */
    F2X2_3X3(2,
            new double[][] {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}},
            new double[][] {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}},
            new double[][] {{1, 1, 1, 0}, {0, 1, -1, -1}},
            4.0),
    /**
     * F(4×4, 3×3), points 0, ±1, ±2, ∞ (Lavin &amp; Gray §4.2, the matrices of F(4,3) listed there):
     * <pre>
     *   Bᵀ = [4  0 −5  0  1  0]    G = [ 1/4    0     0  ]    Aᵀ = [1 1  1 1  1 0]
     *        [0 −4 −4  1  1  0]        [−1/6 −1/6  −1/6 ]         [0 1 −1 2 −2 0]
     *        [0  4 −4 −1  1  0]        [−1/6  1/6  −1/6 ]         [0 1  1 4  4 0]
     *        [0 −2 −1  2  1  0]        [1/24  1/12  1/6 ]         [0 1 −1 8 −8 1]
     *        [0  2 −1 −2  1  0]        [1/24 −1/12  1/6 ]
     *        [0  4  0 −5  0  1]        [ 0     0     1  ]
     * </pre>
     */
    F4X4_3X3(4,
            new double[][] {{4, 0, -5, 0, 1, 0}, {0, -4, -4, 1, 1, 0}, {0, 4, -4, -1, 1, 0}, {0, -2, -1, 2, 1, 0},
                    {0, 2, -1, -2, 1, 0}, {0, 4, 0, -5, 0, 1}},
            new double[][] {{1.0 / 4, 0, 0}, {-1.0 / 6, -1.0 / 6, -1.0 / 6}, {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                    {1.0 / 24, 1.0 / 12, 1.0 / 6}, {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0, 0, 1}},
            new double[][] {{1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}},
            88.0 / 3);

    private final int m;
    private final double[][] bt;
    private final double[][] g;
    private final double[][] at;
    private final double kappa;

    WinogradVariant(int m, double[][] bt, double[][] g, double[][] at, double kappa) {
        this.m = m;
        this.bt = bt;
        this.g = g;
        this.at = at;
        this.kappa = kappa;
    }

    /** @return the variant of a Winograd algorithm */
    public static WinogradVariant of(ConvAlgorithm algorithm) {
        return switch (algorithm) {
            case WINOGRAD_F2X2_3X3 -> F2X2_3X3;
            case WINOGRAD_F4X4_3X3 -> F4X4_3X3;
            default -> throw new IllegalArgumentException(algorithm + " is not a Winograd algorithm");
        };
    }

    /** @return the algorithm this variant implements */
    public ConvAlgorithm algorithm() {
        return this == F2X2_3X3 ? ConvAlgorithm.WINOGRAD_F2X2_3X3 : ConvAlgorithm.WINOGRAD_F4X4_3X3;
    }

    /** @return m, the output tile side */
    public int m() {
        return m;
    }

    /** @return α = m + 2, the input tile side */
    public int alpha() {
        return m + 2;
    }

    /** @return α², the number of transformed points (GEMMs) */
    public int points() {
        return (m + 2) * (m + 2);
    }

    /** @return a copy of Bᵀ (α×α) */
    public double[][] bt() {
        return copy(bt);
    }

    /** @return a copy of G (α×3) */
    public double[][] g() {
        return copy(g);
    }

    /** @return a copy of Aᵀ (m×α) */
    public double[][] at() {
        return copy(at);
    }

    /**
     * The 1-D error-growth constant {@code κ = max_{i,a} Σ_ξ |Aᵀ[i][ξ]|·|G[ξ][a]|·Σ_b |Bᵀ[ξ][b]|} (4 for F(2,3),
     * 88/3 for F(4,3)): the transformed-domain magnitude of one output is at most κ² times
     * {@code Σ_c ‖g_c‖₁·max|d_c|} over its tile (see {@link WinogradConvolution}).
     *
     * @return κ
     */
    public double kappa() {
        return kappa;
    }

    /**
     * {@code out[o + i·stride] = (Bᵀ d)[i]} for the α values {@code d[o + j·stride]}: the factored form the float
     * kernels use (every coefficient's term passes through at most 2 roundings in float).
     */
    public void applyBt(double[] d, int o, int stride, double[] out, int oo, int os) {
        if (m == 2) {
            double d0 = d[o], d1 = d[o + stride], d2 = d[o + 2 * stride], d3 = d[o + 3 * stride];
            out[oo] = d0 - d2;
            out[oo + os] = d1 + d2;
            out[oo + 2 * os] = d2 - d1;
            out[oo + 3 * os] = d1 - d3;
        } else {
            double d0 = d[o], d1 = d[o + stride], d2 = d[o + 2 * stride], d3 = d[o + 3 * stride];
            double d4 = d[o + 4 * stride], d5 = d[o + 5 * stride];
            double a = d4 - 4 * d2;
            double b = d3 - 4 * d1;
            double c = d4 - d2;
            double e = 2 * (d3 - d1);
            out[oo] = (d4 + 4 * d0) - 5 * d2;
            out[oo + os] = a + b;
            out[oo + 2 * os] = a - b;
            out[oo + 3 * os] = c + e;
            out[oo + 4 * os] = c - e;
            out[oo + 5 * os] = (d5 + 4 * d1) - 5 * d3;
        }
    }

    /** {@code out[oo + i·os] = (Aᵀ x)[i]} for the α values {@code x[o + j·stride]} (at most 3 roundings per term). */
    public void applyAt(double[] x, int o, int stride, double[] out, int oo, int os) {
        if (m == 2) {
            double m0 = x[o], m1 = x[o + stride], m2 = x[o + 2 * stride], m3 = x[o + 3 * stride];
            out[oo] = m0 + m1 + m2;
            out[oo + os] = m1 - m2 - m3;
        } else {
            double m0 = x[o], m1 = x[o + stride], m2 = x[o + 2 * stride], m3 = x[o + 3 * stride];
            double m4 = x[o + 4 * stride], m5 = x[o + 5 * stride];
            double s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4;
            out[oo] = m0 + s12 + s34;
            out[oo + os] = d12 + 2 * d34;
            out[oo + 2 * os] = s12 + 4 * s34;
            out[oo + 3 * os] = d12 + 8 * d34 + m5;
        }
    }

    /**
     * {@code out[oo + i·os] = (G x)[i]} for the 3 values {@code x[o + j·stride]}, in double, factored: F(2,3):
     * {@code (x0, (x0 + x2 + x1)/2, (x0 + x2 − x1)/2, x2)}; F(4,3): {@code (x0/4, −(x0 + x2 + x1)/6,
     * −(x0 + x2 − x1)/6, (x0/4 + x1/2 + x2)/6, (x0/4 − x1/2 + x2)/6, x2)}. Every term passes through at most 4 roundings
     * (two adds, the constant 1/6 and its product).
     */
    public void applyG(double[] x, int o, int stride, double[] out, int oo, int os) {
        double x0 = x[o], x1 = x[o + stride], x2 = x[o + 2 * stride];
        double t = x0 + x2;
        if (m == 2) {
            out[oo] = x0;
            out[oo + os] = (t + x1) * 0.5;
            out[oo + 2 * os] = (t - x1) * 0.5;
            out[oo + 3 * os] = x2;
        } else {
            double q = x0 * 0.25 + x2, h = x1 * 0.5;
            out[oo] = x0 * 0.25;
            out[oo + os] = (t + x1) * (-1.0 / 6);
            out[oo + 2 * os] = (t - x1) * (-1.0 / 6);
            out[oo + 3 * os] = (q + h) * (1.0 / 6);
            out[oo + 4 * os] = (q - h) * (1.0 / 6);
            out[oo + 5 * os] = x2;
        }
    }

    /**
     * {@code U = G g Gᵀ} of one 3×3 filter, in double.
     *
     * @param w   the filter, row-major 3×3 from {@code off}
     * @param u   receives U, row-major α×α from {@code uOff}
     * @param tmp scratch of 3·α doubles
     */
    public void filterTransform(double[] w, int off, double[] u, int uOff, double[] tmp) {
        int a = alpha();
        for (int s = 0; s < 3; s++) {            // columns: tmp[ξ][s] = (G g)[ξ][s]
            applyG(w, off + s, 3, tmp, s, 3);
        }
        for (int xi = 0; xi < a; xi++) {         // rows: U[ξ][·] = G applied to row ξ of (G g)
            applyG(tmp, xi * 3, 1, u, uOff + xi * a, 1);
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
