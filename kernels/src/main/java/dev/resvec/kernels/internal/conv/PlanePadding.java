package dev.resvec.kernels.internal.conv;

import java.util.Arrays;

/** Zero-padded copies of one image plane, the first step of the phase-split layouts ({@link PhaseImage}, Winograd). */
final class PlanePadding {
    private PlanePadding() {}

    /**
     * Copies the h×w plane at {@code in[plane]} into the {@code hp × wp} plane at {@code dst[d]}: element (r, x) is
     * input element (r − top, x − left), zero outside the input (the padding may be negative: a crop).
     */
    static void copy(float[] in, int plane, int h, int w, int top, int left, float[] dst, int d, int hp, int wp) {
        int xLo = Math.min(wp, Math.max(0, left)), xHi = Math.max(xLo, Math.min(wp, w + left));
        for (int r = 0; r < hp; r++, d += wp) {
            int y = r - top;
            if (y < 0 || y >= h) {
                Arrays.fill(dst, d, d + wp, 0f);
                continue;
            }
            Arrays.fill(dst, d, d + xLo, 0f);
            System.arraycopy(in, plane + y * w + xLo - left, dst, d + xLo, xHi - xLo);
            Arrays.fill(dst, d + xHi, d + wp, 0f);
        }
    }

    /**
     * Zeroes {@code dst[start]}, {@code dst[start + stride]}, … below {@code end}: one column of a plane's rows. The
     * edge columns of a lowered plane are zeroed this way, column by column down the rows, after the rows were
     * copied as one run: a per-row loop of one or two elements cost more than the row's copy on narrow planes.
     */
    static void zeroColumn(float[] dst, int start, int end, int stride) {
        for (int d = start; d < end; d += stride) {
            dst[d] = 0f;
        }
    }
}
