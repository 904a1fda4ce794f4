package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import java.util.Arrays;

/**
 * A partial im2col that keeps every filter tap's operand a contiguous run of floats, so that kernels read it with
 * plain vector loads and no column matrix is ever written. For a band of output rows {@code [y0, y0 + b)} of one
 * image and one input channel it writes one <em>plane</em> per kernel column {@code s} and row phase
 * {@code φ = (r·dilationH) mod strideH}:
 * <pre>
 *   plane(φ, s)[t][x] = in[(y0 + t)·strideH + φ − padH][x·strideW + s·dilationW − padW]   (0 outside the image)
 *   for t in [0, b + extraRows), x in [0, outW)
 * </pre>
 * Tap (r, s) at output position {@code j = (y − y0)·outW + x} of the band then reads
 * {@code plane(φ_r, s)[j + q_r·outW]} with {@code q_r = (r·dilationH) div strideH}: the same offset for every
 * position, so a tap is one contiguous run of {@code b·outW} floats, whatever the row boundaries. Stride 1 needs S
 * planes (3×3: three column-shifted copies of the input, 3 floats per input float where im2col writes 9); stride 2
 * needs 2·S (the 7×7 stem: 14 where im2col writes 49).
 *
 * <p>With {@code everyRow} each kernel row has a plane of its own ({@code φ_r = r·dilationH}, {@code q_r = 0}): R·S
 * planes, no extra rows, so the planes of consecutive bands or whole images can lie one after the other and the taps
 * of several small images are then one run (an im2col whose rows are contiguous along the positions).
 */
final class ShiftedRows {
    final int inH, inW, outH, outW, kernelH, kernelW, strideH, strideW, dilationH, dilationW, padH, padW;
    /** Planes per channel: one per kernel column and row phase. */
    final int planes;
    /** Rows a plane holds beyond the band's: the largest q_r. */
    final int extraRows;
    /** Whether every kernel row has its own planes (no extra rows). */
    final boolean everyRow;
    /** Per kernel row r: the index of its phase among the phases (in order of first appearance). */
    private final int[] phaseOfRow;
    /** Per phase index: the phase φ. */
    private final int[] phaseValue;

    /**
     * @param inH       rows of an input plane
     * @param inW       columns of an input plane
     * @param outH      output rows
     * @param outW      output columns
     * @param kernelH   kernel rows R
     * @param kernelW   kernel columns S
     * @param strideH   row stride
     * @param strideW   column stride
     * @param dilationH row dilation
     * @param dilationW column dilation
     * @param padH      rows of padding above (negative: rows cropped)
     * @param padW      columns of padding to the left (negative: columns cropped)
     * @param everyRow  a plane per kernel row instead of per row phase
     */
    private ShiftedRows(int inH, int inW, int outH, int outW, int kernelH, int kernelW, int strideH, int strideW,
                int dilationH, int dilationW, int padH, int padW, boolean everyRow) {
        this.inH = inH;
        this.inW = inW;
        this.outH = outH;
        this.outW = outW;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.padH = padH;
        this.padW = padW;
        this.everyRow = everyRow;
        phaseOfRow = new int[kernelH];
        int phases = everyRow ? (kernelH - 1) * dilationH + 1 : strideH;
        int[] indexOfPhase = new int[phases];
        Arrays.fill(indexOfPhase, -1);
        int[] values = new int[phases];
        int count = 0;
        for (int r = 0; r < kernelH; r++) {
            int phi = r * dilationH % phases;
            if (indexOfPhase[phi] < 0) {
                indexOfPhase[phi] = count;
                values[count++] = phi;
            }
            phaseOfRow[r] = indexOfPhase[phi];
        }
        phaseValue = Arrays.copyOf(values, count);
        planes = count * kernelW;
        extraRows = everyRow ? 0 : (kernelH - 1) * dilationH / strideH;
    }

    /** The lowering of a convolution's input (forward and filter gradient geometry). */
    static ShiftedRows of(ConvShape s, boolean everyRow) {
        return new ShiftedRows(s.height(), s.width(), s.outHeight(), s.outWidth(), s.kernelH(), s.kernelW(),
                s.strideH(), s.strideW(), s.dilationH(), s.dilationW(), s.padH(), s.padW(), everyRow);
    }

    /** @return the row offset q_r of kernel row r's tap in its plane */
    private int rowOffset(int r) {
        return everyRow ? 0 : r * dilationH / strideH;
    }

    /** @return floats of one plane of a band of {@code rows} output rows */
    int planeSize(int rows) {
        return (rows + extraRows) * outW;
    }

    /**
     * Fills {@code taps[i]} for the taps {@code t = (c·R + r)·S + s} of channels {@code [0, channels)} with the
     * offset of the tap's run in a band copy (channels one after the other, {@code channelStride} floats apart).
     *
     * @param planeSize floats from one plane to the next
     */
    void tapOffsets(int channels, int planeSize, int[] taps) {
        int channelStride = planes * planeSize;
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < kernelH; r++) {
                int q = rowOffset(r), plane0 = phaseOfRow[r] * kernelW;
                for (int s = 0; s < kernelW; s++) {
                    taps[(c * kernelH + r) * kernelW + s] = c * channelStride + (plane0 + s) * planeSize + q * outW;
                }
            }
        }
    }

    /**
     * Writes the planes of channels {@code [0, channels)} for output rows {@code [y0, y0 + rows)}: channel c's planes
     * from {@code dst[offDst + c·planes·planeSize]}, plane p at {@code + p·planeSize}, each
     * {@link #planeSize}{@code (rows)} floats (a plane may hold several bands one after the other: planeSize is the
     * distance between planes, at least that).
     *
     * @param in        the input array
     * @param offIn     index of element (0, 0) of the first channel's plane
     * @param planeSize floats from one plane to the next
     */
    void lower(float[] in, int offIn, int channels, int y0, int rows, float[] dst, int offDst, int planeSize) {
        int rowsPerPlane = rows + extraRows;
        // stride 1 and output rows as wide as input rows: a plane's rows inside the image are one run of the input
        // shifted by the tap's column offset, so one copy moves them all; it wraps around the row ends there, and the
        // few columns that fall outside the image are then zeroed (3×3, padding 1: one per row in two of the planes)
        boolean runs = strideW == 1 && strideH == 1 && outW == inW;
        for (int c = 0; c < channels; c++) {
            int src = offIn + c * inH * inW;
            for (int p = 0; p < planes; p++) {
                int phi = phaseValue[p / kernelW], s = p % kernelW;
                int colShift = s * dilationW - padW;   // ix = x·strideW + colShift
                // the columns x whose ix is inside the row: [xa, xb)
                int xa = Math.min(outW, Math.max(0, Math.ceilDiv(-colShift, strideW)));
                int xb = Math.max(xa, Math.min(outW, Math.ceilDiv(inW - colShift, strideW)));
                int plane = offDst + (c * planes + p) * planeSize;
                // the plane rows t whose input row iy = (y0 + t)·strideH + φ − padH is inside the image: [ta, tb)
                int lead = padH - phi - y0 * strideH;
                int ta = Math.min(rowsPerPlane, Math.max(0, Math.ceilDiv(lead, strideH)));
                int tb = Math.max(ta, Math.min(rowsPerPlane, Math.ceilDiv(inH + lead, strideH)));
                Arrays.fill(dst, plane, plane + ta * outW, 0f);
                if (xa >= xb || ta >= tb) {
                    Arrays.fill(dst, plane + ta * outW, plane + tb * outW, 0f);
                } else if (runs) {
                    int iyA = (y0 + ta) * strideH + phi - padH;
                    System.arraycopy(in, src + iyA * inW + colShift + xa, dst, plane + ta * outW + xa,
                            (tb - ta - 1) * outW + xb - xa);
                    // per row, two loops of one pass each cost more than the row's copy on CIFAR's 32-, 16- and
                    // 8-wide planes (JFR: 7 % of a ResNet-20 training step)
                    int first = plane + ta * outW, end = plane + tb * outW;
                    for (int x = 0; x < xa; x++) {
                        PlanePadding.zeroColumn(dst, first + x, end, outW);
                    }
                    for (int x = xb; x < outW; x++) {
                        PlanePadding.zeroColumn(dst, first + x, end, outW);
                    }
                } else {
                    for (int t = ta, d = plane + ta * outW; t < tb; t++, d += outW) {
                        int row = src + ((y0 + t) * strideH + phi - padH) * inW + colShift;
                        Arrays.fill(dst, d, d + xa, 0f);
                        if (strideW == 1) {
                            System.arraycopy(in, row + xa, dst, d + xa, xb - xa);
                        } else {
                            for (int x = xa; x < xb; x++) {
                                dst[d + x] = in[row + x * strideW];
                            }
                        }
                        Arrays.fill(dst, d + xb, d + outW, 0f);
                    }
                }
                Arrays.fill(dst, plane + tb * outW, plane + rowsPerPlane * outW, 0f);
            }
        }
    }
}
