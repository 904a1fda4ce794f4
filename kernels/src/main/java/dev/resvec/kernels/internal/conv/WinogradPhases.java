package dev.resvec.kernels.internal.conv;

/**
 * The two gathers of the Winograd path, between NCHW planes and the phase-split rows the transforms read and
 * write (see {@link WinogradKernels}): tiles are m pixels apart, so the same pixel of consecutive tiles lies m floats
 * apart in a row; splitting a row into its m phases makes it contiguous, and a vector transform then takes one tile
 * per lane with plain vector loads and stores. Each input and output element is copied once. The split also
 * supplies the zero padding, so the transforms never test bounds and never read outside the input.
 */
final class WinogradPhases {
    private WinogradPhases() {}

    /**
     * Splits input rows {@code yLo .. yLo + rows − 1} of one plane ({@code height × width} from {@code plane}) into
     * {@code q}: row r, phase φ, index j holds {@code in[yLo + r][m·j + φ − padLeft]}, zero outside the plane, for
     * j in [0, width).
     *
     * @param qw elements per phase row (each row holds m·qw)
     */
    static void split(float[] in, int plane, int height, int width, int m, int padLeft, int yLo, int rows, int qw,
                      float[] q) {
        int rowStride = m * qw;
        // Indices j whose m columns all lie inside the row: m·j − padLeft ≥ 0 and m·j + m − 1 − padLeft < width.
        int jLo = Math.min(qw, Math.max(0, Math.floorDiv(padLeft + m - 1, m)));
        int jHi = Math.max(jLo, Math.min(qw, Math.floorDiv(width + padLeft, m)));
        for (int r = 0; r < rows; r++) {
            int y = yLo + r;
            int base = r * rowStride;
            if (y < 0 || y >= height) {
                java.util.Arrays.fill(q, base, base + rowStride, 0f);
                continue;
            }
            int src = plane + y * width - padLeft;   // column x of the row is in[src + padLeft + x] = in[src + m·j + φ]
            edge(in, src, width, padLeft, m, 0, jLo, qw, q, base);
            if (m == 4) {
                for (int j = jLo, s = src + 4 * jLo; j < jHi; j++, s += 4) {
                    q[base + j] = in[s];
                    q[base + qw + j] = in[s + 1];
                    q[base + 2 * qw + j] = in[s + 2];
                    q[base + 3 * qw + j] = in[s + 3];
                }
            } else {
                for (int j = jLo, s = src + m * jLo; j < jHi; j++, s += m) {
                    for (int phase = 0; phase < m; phase++) {
                        q[base + phase * qw + j] = in[s + phase];
                    }
                }
            }
            edge(in, src, width, padLeft, m, jHi, qw, qw, q, base);
        }
    }

    /** Indices {@code [j0, j1)} of one row with bounds tests (the padding and the partial first and last groups). */
    private static void edge(float[] in, int src, int width, int padLeft, int m, int j0, int j1, int qw, float[] q,
                             int base) {
        for (int j = j0; j < j1; j++) {
            for (int phase = 0; phase < m; phase++) {
                int x = m * j + phase - padLeft;
                q[base + phase * qw + j] = x >= 0 && x < width ? in[src + m * j + phase] : 0f;
            }
        }
    }

    /**
     * Writes {@code count} output tiles of one tile row and one channel from their phase-split form ({@code o}:
     * pixel (i, j) of tile t at {@code o[i·m·ow + j·ow + t]}) into the output plane, cropped to the plane, with the
     * epilogue {@code relu?(y + bias + residual)} in that order.
     *
     * @param plane     index of the output plane's pixel (0, 0) in {@code out}
     * @param resPlane  index of the residual plane's pixel (0, 0) in {@code res} (ignored when res is null)
     * @param y0        first output row of the tile row
     * @param x0        first output column of the first tile
     */
    static void merge(float[] o, int ow, int m, int count, float[] out, int plane, int outHeight, int outWidth,
                      int y0, int x0, boolean hasBias, float bias, float[] res, int resPlane, boolean relu) {
        int rows = Math.min(m, outHeight - y0);
        int x1 = Math.min(outWidth, x0 + m * count);
        int fullTiles = (x1 - x0) / m;
        for (int i = 0; i < rows; i++) {
            int oRow = i * m * ow;
            int dst = plane + (y0 + i) * outWidth + x0;
            int rsrc = resPlane + (y0 + i) * outWidth + x0;
            if (!hasBias && res == null && !relu) {
                for (int t = 0, d = dst; t < fullTiles; t++, d += m) {
                    for (int j = 0; j < m; j++) {
                        out[d + j] = o[oRow + j * ow + t];
                    }
                }
            } else {
                for (int t = 0, d = dst, r = rsrc; t < fullTiles; t++, d += m, r += m) {
                    for (int j = 0; j < m; j++) {
                        out[d + j] = finish(o[oRow + j * ow + t], hasBias, bias, res, r + j, relu);
                    }
                }
            }
            int done = fullTiles * m;
            for (int x = x0 + done, j = 0; x < x1; x++, j++) {     // the cropped last tile
                out[dst + done + j] = finish(o[oRow + j * ow + fullTiles], hasBias, bias, res, rsrc + done + j, relu);
            }
        }
    }

    /**
     * Writes one output tile for {@code count} consecutive output channels from the channel-lane form ({@code o}:
     * pixel (i, j) of channel k0 + l at {@code o[(i·m + j)·ok + l]}), cropped, with the epilogue.
     *
     * @param offOut  index of the output's element (n, 0, 0, 0) of this tile's image
     * @param offRes  index of the residual's element (n, 0, 0, 0), ignored when res is null
     * @param bias    the bias array, or null
     */
    static void mergeChannels(float[] o, int ok, int m, int k0, int count, float[] out, int offOut, int outHeight,
                              int outWidth, int y0, int x0, float[] bias, int offBias, float[] res, int offRes,
                              boolean relu) {
        int rows = Math.min(m, outHeight - y0);
        int cols = Math.min(m, outWidth - x0);
        int plane = outHeight * outWidth;
        int corner = y0 * outWidth + x0;
        for (int l = 0; l < count; l++) {
            int k = k0 + l;
            int dst = offOut + k * plane + corner;
            int rsrc = offRes + k * plane + corner;
            boolean hasBias = bias != null;
            float b = hasBias ? bias[offBias + k] : 0f;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[dst + i * outWidth + j] = finish(o[(i * m + j) * ok + l], hasBias, b, res,
                            rsrc + i * outWidth + j, relu);
                }
            }
        }
    }

    private static float finish(float v, boolean hasBias, float bias, float[] res, int ri, boolean relu) {
        if (hasBias) {
            v += bias;
        }
        if (res != null) {
            v += res[ri];
        }
        return relu ? Math.max(v, 0f) : v;
    }
}
