package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.internal.conv.WinogradGeometry;
import dev.resvec.kernels.internal.conv.WinogradVariant;
import java.util.Arrays;
import java.util.Random;

/**
 * Data, the double-precision reference and the error bound of the Winograd tests.
 *
 * <h2>The bound (derived in {@code WinogradConvolution}'s Javadoc)</h2>
 * {@code |ŷ − y| ≤ 1.01·n·u·(Φ + |bias| + |residual|)}, per output element, with Φ the magnitude of every term
 * the algorithm sums ({@link #magnitude}: {@code Σ_c |Aᵀ|(|G||g_kc||Gᵀ| ⊙ |Bᵀ||d_c||B|)|A|} over the element's
 * tile), and n the roundings a term passes through ({@link #floatRoundings}, {@link #doubleRoundings}). The
 * reference is {@code DirectConvolution} in double on the same inputs (exactly converted); its own error is at most
 * 9·C·2⁻⁵³·Σ|w||x| ≤ 9·C·2⁻⁵³·Φ (Φ ≥ Σ|w||x|: the exact transforms pair every filter tap with its input pixel once),
 * which the factor 1.01 covers for float; the double-twin checks add it to n explicitly.
 */
final class WinogradTestSupport {
    static final double U_FLOAT = 0x1p-24;
    static final double U_DOUBLE = 0x1p-53;

    private WinogradTestSupport() {}

    /** The system property that caps the bytes of a tile block (read on every call). */
    static final String BLOCK_BYTES = "resvec.winograd.blockBytes";

    /**
     * Runs {@code body} with tile blocks of the minimum size (2·NR tiles: 48 on AVX2, 8 on the scalar twin) when
     * {@code small}, so that blocks start and end inside tile rows and images and the block-parallel mode runs; the
     * default budget holds every test shape in one block.
     */
    static void blocks(boolean small, Runnable body) {
        withProperty(BLOCK_BYTES, small ? "1" : null, body);
    }

    /** The system property that forces the stacked transforms on or off (read on every call). */
    static final String STACKED = "resvec.winograd.stacked";

    /**
     * Runs {@code body} with the transforms stacked ({@code "always"}: the tiles of several tile rows and images
     * share a vector), one tile row at a time ({@code "never"}) or as the heuristic says ({@code "auto"}).
     */
    static void stacked(String mode, Runnable body) {
        withProperty(STACKED, mode, body);
    }

    /** Runs {@code body} with the property set to {@code value} (left as it is when null), then restores it. */
    private static void withProperty(String key, String value, Runnable body) {
        String before = System.getProperty(key);
        if (value != null) {
            System.setProperty(key, value);
        }
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    /** A uniform value in [−1, 1], a multiple of 2⁻²⁴ (exact in float, no subnormal products). */
    static float value(Random rnd) {
        return (rnd.nextInt((1 << 25) + 1) - (1 << 24)) * 0x1p-24f;
    }

    /** {@code size} random values from {@code off}, with {@code off} and {@code tail} elements of {@code pad} around. */
    static float[] array(Random rnd, int off, int size, int tail, float pad) {
        float[] x = new float[off + size + tail];
        Arrays.fill(x, pad);
        for (int i = 0; i < size; i++) {
            x[off + i] = value(rnd);
        }
        return x;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /**
     * Roundings of the float path: input transform 4 (F(4×4)) or 2, filter transform 8 or 4 (in float; the scalar
     * twin's, in double, rounds once), GEMM C + nb, output transform 6 or 4, bias and residual 2.
     *
     * @param depth the channels summed (C of the geometry)
     * @param kc    the provider's KC (its depth blocks: nb = ⌈C / 1.25·KC⌉ as {@code BlisGemm} splits)
     */
    static int floatRoundings(WinogradVariant v, int depth, int kc) {
        return ConvErrorBound.winogradRoundings(v == WinogradVariant.F4X4_3X3 ? ConvAlgorithm.WINOGRAD_F4X4_3X3
                : ConvAlgorithm.WINOGRAD_F2X2_3X3, depth, kc);
    }

    /**
     * Roundings of the double twins: input transform 4 or 2; the filter transform in double (per pass two adds, the
     * constant 1/6 and its product: 2·4 = 8); the GEMM C; the output transform 6 or 4; the bias 1.
     * Plus the direct reference's own: 9·C + 1 (its sums of 9·C products and the bias).
     */
    static int doubleRoundings(WinogradVariant v, int depth) {
        int own = v == WinogradVariant.F4X4_3X3 ? depth + 19 : depth + 15;
        return own + 9 * depth + 1;
    }

    /**
     * Φ per output element (n, k, y, x) of the geometry, as a flat NCHW array.
     *
     * @param flipTranspose the filters of a data gradient (see {@code WinogradGeometry.backwardData})
     */
    static double[] magnitude(WinogradGeometry g, double[] in, int offIn, double[] w, int offW,
                              boolean flipTranspose) {
        WinogradVariant v = g.variant();
        int a = v.alpha(), m = v.m(), pts = a * a;
        int kk = g.outChannels(), cc = g.inChannels();
        double[][] bt = abs(v.bt()), gm = abs(v.g()), at = abs(v.at());
        double[] absU = new double[kk * cc * pts];
        double[] f = new double[9];
        for (int k = 0; k < kk; k++) {
            for (int c = 0; c < cc; c++) {
                for (int r = 0; r < 3; r++) {
                    for (int s = 0; s < 3; s++) {
                        f[r * 3 + s] = Math.abs(flipTranspose ? w[offW + ((c * kk + k) * 3 + 2 - r) * 3 + 2 - s]
                                : w[offW + ((k * cc + c) * 3 + r) * 3 + s]);
                    }
                }
                double[] u = sandwich(gm, f, 3, gm);
                System.arraycopy(u, 0, absU, (k * cc + c) * pts, pts);
            }
        }
        double[] phi = new double[g.batch() * kk * g.outPlane()];
        double[] d = new double[pts];
        double[] absV = new double[cc * pts];
        double[] sum = new double[pts];
        for (int n = 0; n < g.batch(); n++) {
            for (int ty = 0; ty < g.tilesHigh(); ty++) {
                for (int tx = 0; tx < g.tilesWide(); tx++) {
                    for (int c = 0; c < cc; c++) {
                        int plane = offIn + (n * cc + c) * g.inPlane();
                        for (int r = 0; r < a; r++) {
                            for (int s = 0; s < a; s++) {
                                int y = ty * m - g.padTop() + r, x = tx * m - g.padLeft() + s;
                                d[r * a + s] = y >= 0 && y < g.height() && x >= 0 && x < g.width()
                                        ? Math.abs(in[plane + y * g.width() + x]) : 0.0;
                            }
                        }
                        System.arraycopy(sandwich(bt, d, a, bt), 0, absV, c * pts, pts);
                    }
                    for (int k = 0; k < kk; k++) {
                        Arrays.fill(sum, 0.0);
                        for (int c = 0; c < cc; c++) {
                            int uo = (k * cc + c) * pts, vo = c * pts;
                            for (int xi = 0; xi < pts; xi++) {
                                sum[xi] += absU[uo + xi] * absV[vo + xi];
                            }
                        }
                        double[] y = sandwich(at, sum, a, at);
                        for (int i = 0; i < m && ty * m + i < g.outHeight(); i++) {
                            for (int j = 0; j < m && tx * m + j < g.outWidth(); j++) {
                                phi[((n * kk + k) * g.outHeight() + ty * m + i) * g.outWidth() + tx * m + j] =
                                        y[i * m + j];
                            }
                        }
                    }
                }
            }
        }
        return phi;
    }

    /** {@code L·X·Rᵀ} for X square of side {@code side} (row-major), L and R with {@code side} columns. */
    private static double[] sandwich(double[][] l, double[] x, int side, double[][] r) {
        int rows = l.length, cols = r.length;
        double[] lx = new double[rows * side];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < side; j++) {
                double acc = 0;
                for (int p = 0; p < side; p++) {
                    acc += l[i][p] * x[p * side + j];
                }
                lx[i * side + j] = acc;
            }
        }
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double acc = 0;
                for (int p = 0; p < side; p++) {
                    acc += lx[i * side + p] * r[j][p];
                }
                out[i * cols + j] = acc;
            }
        }
        return out;
    }

    private static double[][] abs(double[][] x) {
        double[][] a = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            a[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                a[i][j] = Math.abs(x[i][j]);
            }
        }
        return a;
    }

    /**
     * Fails unless every element satisfies {@code |got − ref| ≤ 1.01·n·u·(Φ + extra)}.
     *
     * @param extra per element {@code |bias| + |residual|}, or null
     */
    static void check(String who, float[] got, int offGot, double[] ref, double[] phi, double[] extra, int n,
                      double u) {
        String bad = firstViolation(got, offGot, ref, phi, extra, n, u);
        if (bad != null) {
            fail(who + ": " + bad);
        }
    }

    /** As {@link #check} for a double result. */
    static void check(String who, double[] got, int offGot, double[] ref, double[] phi, int n, double u) {
        for (int i = 0; i < ref.length; i++) {
            double tol = 1.01 * n * u * phi[i];
            double err = Math.abs(got[offGot + i] - ref[i]);
            if (!(err <= tol)) {
                fail(who + ": element " + i + " is " + got[offGot + i] + ", reference " + ref[i] + ", error " + err
                        + " > bound " + tol + " (n=" + n + ", Φ=" + phi[i] + ")");
            }
        }
    }

    /** @return a description of the first element outside the bound, or null */
    static String firstViolation(float[] got, int offGot, double[] ref, double[] phi, double[] extra, int n,
                                 double u) {
        for (int i = 0; i < ref.length; i++) {
            double tol = 1.01 * n * u * (phi[i] + (extra == null ? 0.0 : extra[i]));
            double err = Math.abs(got[offGot + i] - ref[i]);
            if (!(err <= tol)) {
                return "element " + i + " is " + got[offGot + i] + ", reference " + ref[i] + ", error " + err
                        + " > bound " + tol + " (n=" + n + ", Φ=" + phi[i] + ")";
            }
        }
        return null;
    }

    /** Fails unless {@code x} outside [off, off + size) is bitwise {@code expected}'s. */
    static void untouchedOutside(String who, float[] x, float[] expected, int off, int size) {
        for (int i = 0; i < x.length; i++) {
            if ((i < off || i >= off + size) && Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(expected[i])) {
                fail(who + ": element " + i + " outside the output region [" + off + ", " + (off + size)
                        + ") was written: " + expected[i] + " -> " + x[i]);
            }
        }
    }
}
