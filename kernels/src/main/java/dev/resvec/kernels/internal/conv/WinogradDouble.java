package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.Gemm;

/**
 * The Winograd algorithms in double precision: the same transforms (the factored 1-D forms of
 * {@link WinogradVariant}, rows then columns), one {@link Gemm#dgemm} per transformed point and image, the same
 * tiling and cropping as the float path, in plain loops. A float64 gradient check of the Winograd path runs on it;
 * its error against the direct convolution is the float bound of {@link WinogradConvolution} with u = 2⁻⁵³.
 */
final class WinogradDouble {
    private WinogradDouble() {}

    /**
     * {@code out := conv(in, g) + bias} for geometry {@code geo}.
     *
     * @param flipTranspose false: {@code g_kc = w[k][c]}; true: {@code g_kc[r][s] = w[c][k][2−r][2−s]} (the data
     *                      gradient's filters, w in the forward's K×C×3×3 layout with the roles of K and C swapped)
     * @param bias          per output channel, or null
     */
    static void convolve(WinogradGeometry geo, double[] in, int offIn, double[] w, int offW, boolean flipTranspose,
                         double[] bias, int offBias, double[] out, int offOut) {
        WinogradVariant var = geo.variant();
        int a = var.alpha(), mm = var.m(), pts = var.points();
        int kk = geo.outChannels(), cc = geo.inChannels();
        double[] u = new double[pts * kk * cc];
        double[] g = new double[9];
        double[] ut = new double[pts];
        double[] tmp = new double[3 * a];
        for (int k = 0; k < kk; k++) {
            for (int c = 0; c < cc; c++) {
                for (int r = 0; r < 3; r++) {
                    for (int s = 0; s < 3; s++) {
                        g[r * 3 + s] = flipTranspose ? w[offW + ((c * kk + k) * 3 + 2 - r) * 3 + 2 - s]
                                : w[offW + ((k * cc + c) * 3 + r) * 3 + s];
                    }
                }
                var.filterTransform(g, 0, ut, 0, tmp);
                for (int xi = 0; xi < pts; xi++) {
                    u[(xi * kk + k) * cc + c] = ut[xi];
                }
            }
        }
        int tw = geo.tilesWide(), tpi = geo.tilesPerImage();
        double[] v = new double[pts * cc * tpi];
        double[] m = new double[pts * kk * tpi];
        double[] d = new double[pts];
        double[] h = new double[pts];
        for (int n = 0; n < geo.batch(); n++) {
            for (int c = 0; c < cc; c++) {
                int plane = offIn + (n * cc + c) * geo.inPlane();
                for (int t = 0; t < tpi; t++) {
                    int y0 = (t / tw) * mm - geo.padTop(), x0 = (t % tw) * mm - geo.padLeft();
                    for (int r = 0; r < a; r++) {
                        for (int s = 0; s < a; s++) {
                            int y = y0 + r, x = x0 + s;
                            d[r * a + s] = y >= 0 && y < geo.height() && x >= 0 && x < geo.width()
                                    ? in[plane + y * geo.width() + x] : 0.0;
                        }
                    }
                    for (int r = 0; r < a; r++) {
                        var.applyBt(d, r * a, 1, h, r * a, 1);
                    }
                    for (int s = 0; s < a; s++) {
                        var.applyBt(h, s, a, d, s, a);
                    }
                    for (int xi = 0; xi < pts; xi++) {
                        v[(xi * cc + c) * tpi + t] = d[xi];
                    }
                }
            }
            for (int xi = 0; xi < pts; xi++) {
                Gemm.dgemm(false, false, kk, tpi, cc, 1.0, u, xi * kk * cc, cc, v, xi * cc * tpi, tpi, 0.0, m,
                        xi * kk * tpi, tpi);
            }
            double[] hm = new double[a * mm];
            double[] y = new double[mm * mm];
            for (int k = 0; k < kk; k++) {
                double b = bias == null ? 0.0 : bias[offBias + k];
                int plane = offOut + (n * kk + k) * geo.outPlane();
                for (int t = 0; t < tpi; t++) {
                    for (int xi = 0; xi < pts; xi++) {
                        d[xi] = m[(xi * kk + k) * tpi + t];
                    }
                    for (int r = 0; r < a; r++) {
                        var.applyAt(d, r * a, 1, hm, r * mm, 1);
                    }
                    for (int j = 0; j < mm; j++) {
                        var.applyAt(hm, j, mm, y, j, mm);
                    }
                    int oy = (t / tw) * mm, ox = (t % tw) * mm;
                    for (int i = 0; i < mm && oy + i < geo.outHeight(); i++) {
                        for (int j = 0; j < mm && ox + j < geo.outWidth(); j++) {
                            out[plane + (oy + i) * geo.outWidth() + ox + j] = y[i * mm + j] + b;
                        }
                    }
                }
            }
        }
    }
}
