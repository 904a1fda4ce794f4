package dev.resvec.nn;

/**
 * Layer definitions written as plain loops in double, from PyTorch's documented formulas: the oracles of the
 * layer forward tests (independent of the kernels behind {@code Functional}). Arrays are NCHW, row-major. Public so
 * that the block references of {@code dev.resvec.nn.resnet} are built from the same checked loops.
 */
public final class Reference {
    private Reference() {}

    public static int outSize(int in, int kernel, int stride, int padding, int dilation) {
        return (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
    }

    /** PyTorch's Conv2d: out[n,k,y,x] = b[k] + Σ_{c in k's group, r, s} w[k,c',r,s]·in[n, c, y·sy − py + r·dy, …]. */
    public static double[] conv2d(double[] in, int n, int c, int h, int w, double[] weight, int k, int kr, int ks,
                           double[] bias, int[] stride, int[] pad, int[] dil, int groups) {
        int oh = outSize(h, kr, stride[0], pad[0], dil[0]);
        int ow = outSize(w, ks, stride[1], pad[1], dil[1]);
        int cg = c / groups;
        int kg = k / groups;
        double[] out = new double[n * k * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < k; o++) {
                int g = o / kg;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int ci = 0; ci < cg; ci++) {
                            int ch = g * cg + ci;
                            for (int r = 0; r < kr; r++) {
                                int iy = y * stride[0] - pad[0] + r * dil[0];
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int q = 0; q < ks; q++) {
                                    int ix = x * stride[1] - pad[1] + q * dil[1];
                                    if (ix < 0 || ix >= w) {
                                        continue;
                                    }
                                    s += weight[((o * cg + ci) * kr + r) * ks + q]
                                            * in[((b * c + ch) * h + iy) * w + ix];
                                }
                            }
                        }
                        out[((b * k + o) * oh + y) * ow + x] = s;
                    }
                }
            }
        }
        return out;
    }

    /** Max (max = true) or average pooling; padding is −∞ for max, and counted or not for the average. */
    public static double[] pool(double[] in, int n, int c, int h, int w, int kernel, int stride, int pad, boolean max,
                         boolean countIncludePad) {
        int oh = outSize(h, kernel, stride, pad, 1);
        int ow = outSize(w, kernel, stride, pad, 1);
        double[] out = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    for (int r = 0; r < kernel; r++) {
                        for (int q = 0; q < kernel; q++) {
                            int iy = y * stride - pad + r;
                            int ix = x * stride - pad + q;
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                            if (inside) {
                                double v = in[(p * h + iy) * w + ix];
                                acc = max ? Math.max(acc, v) : acc + v;
                                count++;
                            } else if (countIncludePad && iy < h + pad && ix < w + pad) {
                                count++; // a padded position inside the padded frame
                            }
                        }
                    }
                    out[(p * oh + y) * ow + x] = max ? acc : acc / count;
                }
            }
        }
        return out;
    }

    /** Per-channel mean and biased variance over N, H, W: {mean[c], var[c]}. */
    public static double[][] channelStats(double[] in, int n, int c, int hw) {
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    s += in[(b * c + ch) * hw + i];
                }
            }
            mean[ch] = s / (n * hw);
            double ss = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    double d = in[(b * c + ch) * hw + i] - mean[ch];
                    ss += d * d;
                }
            }
            var[ch] = ss / (n * hw);
        }
        return new double[][] {mean, var};
    }

    /** (x − mean)/√(var + eps)·γ + β per channel. */
    public static double[] normalise(double[] in, int n, int c, int hw, double[] mean, double[] var, double[] gamma,
                              double[] beta, double eps) {
        double[] out = new double[in.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double scale = gamma[ch] / Math.sqrt(var[ch] + eps);
                for (int i = 0; i < hw; i++) {
                    int j = (b * c + ch) * hw + i;
                    out[j] = (in[j] - mean[ch]) * scale + beta[ch];
                }
            }
        }
        return out;
    }
}
