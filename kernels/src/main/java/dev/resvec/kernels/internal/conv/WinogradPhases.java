package dev.resvec.kernels.internal.conv;

/**
 * The two gathers of the Winograd path, between NCHW planes and the phase-split rows the transforms read and
 * write (see {@link WinogradKernels}): tiles are m pixels apart, so the same pixel of consecutive tiles lies m floats
 * apart in a row; splitting a row into its m phases makes it contiguous, and a vector transform then takes one tile
 * per lane with plain vector loads and stores. Each input and output element is copied once. The split also
 * supplies the zero padding, so the transforms never test bounds and never read outside the input.
 *
 * <p>These are the scalar versions (the scalar twin's, and the vector kernels' row ends); the vector kernels move
 * the middle of each row with lane shuffles.
 */
public final class WinogradPhases {
    private WinogradPhases() {}

    /**
     * Splits input rows {@code yLo .. yLo + rows − 1} of one plane ({@code height × width} from {@code plane}) into
     * {@code q}: row r, phase φ, index j holds {@code in[yLo + r][m·j + φ − padLeft]}, zero outside the plane, for
     * j in [0, jNeed) (later indices are left as they are: only the extra lanes of a transform read them).
     *
     * @param qw elements per phase row (each row holds m·qw)
     */
    public static void split(float[] in, int plane, int height, int width, int m, int padLeft, int yLo, int rows,
                             int qw, int jNeed, float[] q) {
        int rowStride = m * qw;
        int jLo = fullLo(padLeft, m, jNeed), jHi = fullHi(width, padLeft, m, jLo, jNeed);
        for (int r = 0; r < rows; r++) {
            int y = yLo + r;
            int base = r * rowStride;
            if (y < 0 || y >= height) {
                zeroRow(q, base, m, qw, jNeed);
                continue;
            }
            int src = plane + y * width - padLeft;   // column x of the row is in[src + padLeft + x] = in[src + m·j + φ]
            splitRange(in, src, width, padLeft, m, 0, jLo, qw, q, base);
            for (int j = jLo, s = src + m * jLo; j < jHi; j++, s += m) {
                for (int phase = 0; phase < m; phase++) {
                    q[base + phase * qw + j] = in[s + phase];
                }
            }
            splitRange(in, src, width, padLeft, m, jHi, jNeed, qw, q, base);
        }
    }

    /** @return the first index j whose m columns all lie inside the row (m·j − padLeft ≥ 0), at most jNeed */
    private static int fullLo(int padLeft, int m, int jNeed) {
        return Math.min(jNeed, Math.max(0, Math.floorDiv(padLeft + m - 1, m)));
    }

    /** @return the end of the indices whose m columns all lie inside the row (m·j + m − 1 − padLeft &lt; width) */
    private static int fullHi(int width, int padLeft, int m, int jLo, int jNeed) {
        return Math.max(jLo, Math.min(jNeed, Math.floorDiv(width + padLeft, m)));
    }

    /** Zeroes indices [0, jNeed) of every phase of a phase-split row from {@code base}. */
    public static void zeroRow(float[] q, int base, int m, int qw, int jNeed) {
        for (int phase = 0; phase < m; phase++) {
            java.util.Arrays.fill(q, base + phase * qw, base + phase * qw + jNeed, 0f);
        }
    }

    /**
     * Indices {@code [j0, j1)} of one phase-split row with bounds tests (the padding and the partial first and last
     * groups); column x of the row is {@code in[src + padLeft + x]}.
     */
    private static void splitRange(float[] in, int src, int width, int padLeft, int m, int j0, int j1, int qw,
                                  float[] q, int base) {
        for (int j = j0; j < j1; j++) {
            for (int phase = 0; phase < m; phase++) {
                int x = m * j + phase - padLeft;
                q[base + phase * qw + j] = x >= 0 && x < width ? in[src + m * j + phase] : 0f;
            }
        }
    }

    /**
     * Writes {@code count} output tiles of one tile row and one channel from their phase-split form ({@code o}:
     * pixel (i, j) of tile t at {@code o[oOff + i·m·ow + j·ow + t]}) into the output plane, cropped to the plane, with
     * the epilogue {@code relu?(y + bias + residual)} in that order.
     *
     * @param plane     index of the output plane's pixel (0, 0) in {@code out}
     * @param resPlane  index of the residual plane's pixel (0, 0) in {@code res} (ignored when res is null)
     * @param y0        first output row of the tile row
     * @param x0        first output column of the first tile
     */
    public static void merge(float[] o, int oOff, int ow, int m, int count, float[] out, int plane, int outHeight,
                             int outWidth, int y0, int x0, boolean hasBias, float bias, float[] res, int resPlane,
                             boolean relu) {
        int rows = Math.min(m, outHeight - y0);
        int pixels = Math.min(outWidth - x0, m * count);
        for (int i = 0; i < rows; i++) {
            mergeRange(o, oOff + i * m * ow, ow, m, 0, pixels, out, plane + (y0 + i) * outWidth + x0, hasBias, bias,
                    res, resPlane + (y0 + i) * outWidth + x0, relu);
        }
    }

    /**
     * Pixels {@code [p0, p1)} of one output row of a tile row: pixel p is phase {@code p mod m} of tile
     * {@code p div m}, at {@code o[oRow + (p mod m)·ow + p div m]}, written to {@code out[dst + p]} with the epilogue.
     */
    public static void mergeRange(float[] o, int oRow, int ow, int m, int p0, int p1, float[] out, int dst,
                                  boolean hasBias, float bias, float[] res, int rsrc, boolean relu) {
        for (int p = p0; p < p1; p++) {
            out[dst + p] = finish(o[oRow + (p % m) * ow + p / m], hasBias, bias, res, rsrc + p, relu);
        }
    }

    /**
     * Writes {@code tiles} consecutive output tiles of one tile row for {@code count} consecutive output channels from
     * the channel-lane form, laid out row by row ({@code o}: pixel (i, c) of the row of tiles, column c = m·u + j of
     * tile u, channel k0 + l at {@code o[oOff + (i·rowSlots + c)·ok + l]}), cropped, with the epilogue.
     *
     * @param rowSlots columns of a row of {@code o}, at least m·tiles
     * @param offOut   index of the output's element (n, 0, 0, 0) of these tiles' image
     * @param offRes   index of the residual's element (n, 0, 0, 0), ignored when res is null
     * @param bias     the bias array, or null
     * @param x0       the first tile's first output column
     */
    public static void mergeChannels(float[] o, int oOff, int ok, int m, int rowSlots, int tiles, int k0, int count,
                                     float[] out, int offOut, int outHeight, int outWidth, int y0, int x0,
                                     float[] bias, int offBias, float[] res, int offRes, boolean relu) {
        int rows = Math.min(m, outHeight - y0);
        int cols = Math.min(m * tiles, outWidth - x0);
        int plane = outHeight * outWidth;
        int corner = y0 * outWidth + x0;
        boolean hasBias = bias != null;
        for (int l = 0; l < count; l++) {
            int k = k0 + l;
            int dst = offOut + k * plane + corner;
            int rsrc = offRes + k * plane + corner;
            float b = hasBias ? bias[offBias + k] : 0f;
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < cols; c++) {
                    out[dst + i * outWidth + c] = finish(o[oOff + (i * rowSlots + c) * ok + l], hasBias, b, res,
                            rsrc + i * outWidth + c, relu);
                }
            }
        }
    }

    /** The epilogue on one value: {@code relu?(v + bias + residual)}, each part only when present. */
    public static float finish(float v, boolean hasBias, float bias, float[] res, int ri, boolean relu) {
        if (hasBias) {
            v += bias;
        }
        if (res != null) {
            v += res[ri];
        }
        return relu ? Math.max(v, 0f) : v;
    }
}
