package dev.resvec.kernels.internal.conv;

/**
 * A provider's kernels for {@link WinogradFilterGradient}, the filter gradient in the F(2×2,3×3) domain, on
 * channels-last copies: every operand runs along the channels, so the vector kernels load and store whole vectors
 * of channels and never shuffle. The default methods are the scalar twin: each output computed in double and
 * rounded once.
 *
 * <p>The matrices (Lavin &amp; Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR 2016, §4.1, F(2×2,3×3)):
 * <pre>
 *   Bᵀ = | 1  0 −1  0 |    G = | 1    0    0  |    Aᵀ = | 1  1  1  0 |
 *        | 0  1  1  0 |        | ½    ½    ½  |         | 0  1 −1 −1 |
 *        | 0 −1  1  0 |        | ½   −½    ½  |
 *        | 0  1  0 −1 |        | 0    0    1  |
 * </pre>
 * The forward pass computes a 2×2 output tile as {@code Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A}; Y is linear in g, and its
 * adjoint gives the filter gradient as {@code ∂L/∂g = Σ_tiles Gᵀ[(A·∂Y·Aᵀ) ⊙ (Bᵀ d B)]G}: {@link #inputTiles}
 * computes {@code V = Bᵀ d B}, {@link #gradientTiles} {@code A·∂Y·Aᵀ}, a GEMM per transformed point sums their
 * products over the tiles, and {@link #filterFold} applies {@code Gᵀ · G}.
 */
public interface WinogradGradientKernels {
    /** Transformed points of F(2×2,3×3): α² = 16. */
    int POINTS = 16;

    /** @return channels per vector (1 for the scalar twin); the channel strides are multiples of it */
    int lanes();

    /**
     * Copies rows {@code [0, h)} of {@code channels} planes {@code w} floats wide (NCHW, plane c at
     * {@code src[off + c·plane]}) channels-last: {@code dst[dOff + (y·rowLen + x)·cp + c] = src[off + c·plane + y·w + x]};
     * nothing else of dst is written.
     */
    default void channelsLast(float[] src, int off, int plane, int channels, int h, int w, float[] dst, int dOff,
                              int rowLen, int cp) {
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int s = off + c * plane + y * w, d = dOff + y * rowLen * cp + c;
                for (int x = 0; x < w; x++) {
                    dst[d + x * cp] = src[s + x];
                }
            }
        }
    }

    /**
     * {@code V = Bᵀ d B} for the {@code tiles} tiles of one tile row: tile t's 4×4 window starts at
     * {@code d[dOff + 2·t·cp]} (columns cp floats apart, rows {@code rowStride} apart, channels contiguous); point
     * ξ = 4i + j of its channel c goes to {@code v[vOff + ξ·pointStride + t·cp + c]}, for c &lt; cp.
     */
    default void inputTiles(float[] d, int dOff, int rowStride, int cp, int tiles, float[] v, int vOff,
                            int pointStride) {
        double[] t = new double[16];
        for (int tile = 0; tile < tiles; tile++) {
            for (int c = 0; c < cp; c++) {
                int o = dOff + 2 * tile * cp + c;
                for (int a = 0; a < 4; a++) {
                    int r = o + a * rowStride;
                    double d0 = d[r], d1 = d[r + cp], d2 = d[r + 2 * cp], d3 = d[r + 3 * cp];
                    t[4 * a] = d0 - d2;
                    t[4 * a + 1] = d1 + d2;
                    t[4 * a + 2] = d2 - d1;
                    t[4 * a + 3] = d1 - d3;
                }
                int at = vOff + tile * cp + c;
                for (int j = 0; j < 4; j++) {
                    v[at + j * pointStride] = (float) (t[j] - t[8 + j]);
                    v[at + (4 + j) * pointStride] = (float) (t[4 + j] + t[8 + j]);
                    v[at + (8 + j) * pointStride] = (float) (t[8 + j] - t[4 + j]);
                    v[at + (12 + j) * pointStride] = (float) (t[4 + j] - t[12 + j]);
                }
            }
        }
    }

    /**
     * {@code M = A·∂Y·Aᵀ} for the {@code tiles} tiles of one tile row of the output gradient: tile t's 2×2 block
     * starts at {@code g[gOff + 2·t·kp]} (columns kp floats apart, rows {@code rowStride} apart); point ξ of its
     * channel k goes to {@code m[mOff + ξ·pointStride + t·kp + k]}, for k &lt; kp.
     */
    default void gradientTiles(float[] g, int gOff, int rowStride, int kp, int tiles, float[] m, int mOff,
                               int pointStride) {
        for (int tile = 0; tile < tiles; tile++) {
            for (int k = 0; k < kp; k++) {
                int o = gOff + 2 * tile * kp + k;
                double y00 = g[o], y01 = g[o + kp], y10 = g[o + rowStride], y11 = g[o + rowStride + kp];
                int at = mOff + tile * kp + k;
                for (int j = 0; j < 4; j++) {
                    // row j of A applied along the columns, then the rows combined by A
                    double r0 = j == 0 ? y00 : j == 1 ? y00 + y01 : j == 2 ? y00 - y01 : -y01;
                    double r1 = j == 0 ? y10 : j == 1 ? y10 + y11 : j == 2 ? y10 - y11 : -y11;
                    m[at + j * pointStride] = (float) r0;
                    m[at + (4 + j) * pointStride] = (float) (r0 + r1);
                    m[at + (8 + j) * pointStride] = (float) (r0 - r1);
                    m[at + (12 + j) * pointStride] = (float) -r1;
                }
            }
        }
    }

    /**
     * {@code gradW = Gᵀ·U·G} for one output channel's {@code channels} filters: U[ξ] of filter c is
     * {@code u[uOff + ξ·pointStride + c]}, and its 3×3 taps go to {@code gradW[wOff + c·9 + r·3 + s]}.
     */
    default void filterFold(float[] u, int uOff, int pointStride, int channels, float[] gradW, int wOff) {
        double[] t = new double[12];
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < 4; j++) {
                double a0 = u[uOff + j * pointStride + c], a1 = u[uOff + (4 + j) * pointStride + c];
                double a2 = u[uOff + (8 + j) * pointStride + c], a3 = u[uOff + (12 + j) * pointStride + c];
                t[j] = a0 + 0.5 * (a1 + a2);
                t[4 + j] = 0.5 * (a1 - a2);
                t[8 + j] = 0.5 * (a1 + a2) + a3;
            }
            for (int r = 0; r < 3; r++) {
                double a0 = t[4 * r], a1 = t[4 * r + 1], a2 = t[4 * r + 2], a3 = t[4 * r + 3];
                int o = wOff + c * 9 + r * 3;
                gradW[o] = (float) (a0 + 0.5 * (a1 + a2));
                gradW[o + 1] = (float) (0.5 * (a1 - a2));
                gradW[o + 2] = (float) (0.5 * (a1 + a2) + a3);
            }
        }
    }
}
