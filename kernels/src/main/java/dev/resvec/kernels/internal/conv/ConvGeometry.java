package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;

/**
 * Where a filter tap meets the input: for tap {@code r} (row) the output rows {@code y} whose input row
 * {@code iy = y·strideH − padH + r·dilationH} lies inside the image form one range {@code [firstY, endY)}, and
 * likewise for columns. Outside the range the tap reads zero padding. Computing the range once per tap lets
 * im2col copy runs and fill zeros without a bounds test per element.
 */
final class ConvGeometry {
    private ConvGeometry() {}

    /** @return the first output row whose input row for tap r is ≥ 0 (may exceed outHeight) */
    static int firstY(ConvShape s, int r) {
        return first(s.padH() - r * s.dilationH(), s.strideH(), s.outHeight());
    }

    /** @return one past the last output row whose input row for tap r is &lt; height (≥ firstY) */
    static int endY(ConvShape s, int r) {
        return end(s.height() + s.padH() - r * s.dilationH(), s.strideH(), s.outHeight(), firstY(s, r));
    }

    /** @return the first output column whose input column for tap q is ≥ 0 */
    static int firstX(ConvShape s, int q) {
        return first(s.padW() - q * s.dilationW(), s.strideW(), s.outWidth());
    }

    /** @return one past the last output column whose input column for tap q is &lt; width (≥ firstX) */
    static int endX(ConvShape s, int q) {
        return end(s.width() + s.padW() - q * s.dilationW(), s.strideW(), s.outWidth(), firstX(s, q));
    }

    /** Smallest y ≥ 0 with y·stride ≥ lead, clamped to [0, out]. */
    private static int first(int lead, int stride, int out) {
        return Math.min(out, Math.max(0, Math.ceilDiv(lead, stride)));
    }

    /** Smallest y with y·stride ≥ limit (the first one past the input), clamped to [first, out]. */
    private static int end(int limit, int stride, int out, int first) {
        return Math.max(first, Math.min(out, Math.ceilDiv(limit, stride)));
    }
}
