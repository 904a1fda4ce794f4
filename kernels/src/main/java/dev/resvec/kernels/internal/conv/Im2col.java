package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelRunner;
import java.util.Arrays;

/**
 * im2col (Chellapilla, Puri &amp; Simard, "High Performance Convolutional Neural Networks for Document Processing",
 * 2006): lowers one image's group of {@code Cg} input channels into the {@code (Cg·R·S) × (outH·outW)} column
 * matrix whose row {@code (c·R + r)·S + q} holds, for every output position {@code j = y·outW + x}, the input value
 * that filter tap (c, r, q) multiplies there (zero where it falls on the padding). The filters, stored
 * K×(Cg·R·S), then multiply it with one GEMM; the row order matches the filters' (c, r, q) order, so the filters
 * need no repacking. A block of columns {@code [j0, j0 + cols)} can be lowered on its own (a cache-sized piece).
 *
 * <p>Speed: for each row and output row y, the positions whose input falls inside the image form one run
 * ({@link ConvGeometry}); with stride 1 the run is one {@link System#arraycopy} and the positions on the padding are
 * zero fills, so the lowering moves memory at copy speed with no test per element. With a stride s (undilated),
 * row (c, r, q) equals row (c, r, q − s) shifted left by one column, so only the first s taps of each kernel row
 * are gathered element by element and the others copied: the 7×7 stride-2 stem's lowering (1.8 M floats) went from
 * 1.3 ms to 0.64 ms here (one thread, loaded VM, rough). The same code in double is the double twin's.
 */
final class Im2col {
    private Im2col() {}

    /**
     * Below this many floats a block is lowered on the calling thread: a hand-off to a spinning worker costs
     * microseconds, and lowering 64 Ki floats tens of them.
     */
    static final long PARALLEL_FLOATS = 1L << 16;

    /**
     * All {@code rows} rows of columns {@code [j0, j0 + cols)} to {@code dst[row·cols + (j − j0)]}, split by rows
     * between the threads of {@code parallelism} where the block is large enough: where a convolution has fewer
     * column blocks than threads (one image, a strided layer), the GEMM runs on all threads but the lowering ran on
     * one (256@14×14 3×3, one image, 2 threads: 0.55 of 1.9 ms). The values do not depend on the split.
     */
    static void lower(ColumnGather gather, ConvShape s, float[] in, int offIn, float[] dst, int rows, int j0,
                      int cols, Parallelism parallelism) {
        int shares = (int) Math.min(parallelism.threadCount(), rows);
        if (shares <= 1 || (long) rows * cols < PARALLEL_FLOATS) {
            lower(gather, s, in, offIn, dst, 0, 0, rows, j0, cols);
            return;
        }
        ParallelRunner.run(shares, parallelism, t -> {
            int r0 = (int) ((long) rows * t / shares), r1 = (int) ((long) rows * (t + 1) / shares);
            lower(gather, s, in, offIn, dst, r0 * cols, r0, r1, j0, cols);
        });
    }

    /**
     * Writes rows {@code [rowFrom, rowTo)} of columns {@code [j0, j0 + cols)} of the column matrix to
     * {@code dst[offDst + (row − rowFrom)·cols + (j − j0)]} (a {@code (rowTo − rowFrom) × cols} block, leading
     * dimension {@code cols}).
     *
     * @param gather the provider's kernels (the stride-2 1×1 lowering's, {@link #lowerEvenColumns})
     * @param in     the input array
     * @param offIn  index of element (0, 0) of the group's first channel plane in this image
     */
    static void lower(ColumnGather gather, ConvShape s, float[] in, int offIn, float[] dst, int offDst, int rowFrom,
                      int rowTo, int j0, int cols) {
        final int kh = s.kernelH(), kw = s.kernelW(), w = s.width(), planeSize = s.height() * w;
        final int ow = s.outWidth(), sh = s.strideH(), sw = s.strideW();
        final int j1 = j0 + cols, yFirst = j0 / ow, yLast = (j1 - 1) / ow;
        if (kh == 1 && kw == 1 && sw == 2 && s.padH() == 0 && s.padW() == 0) {
            lowerEvenColumns(gather, s, in, offIn, dst, offDst, rowFrom, rowTo, j0, cols);
            return;
        }
        for (int row = rowFrom; row < rowTo; row++) {
            int c = row / (kh * kw), r = row / kw % kh, q = row % kw;
            int y0 = ConvGeometry.firstY(s, r), y1 = ConvGeometry.endY(s, r);
            int x0 = ConvGeometry.firstX(s, q), x1 = ConvGeometry.endX(s, q);
            int plane = offIn + c * planeSize;
            int rowShift = r * s.dilationH() - s.padH();   // iy = y·strideH + rowShift
            int colShift = q * s.dilationW() - s.padW();   // ix = x·strideW + colShift
            int base = offDst + (row - rowFrom) * cols - j0;   // dst index of column j is base + j
            // Strided, undilated: tap q reads at column x what tap q − stride read at x + 1, so its row is the row
            // stride rows up shifted by one column (a copy), and only each run's last element is gathered.
            boolean shifted = sw > 1 && s.dilationW() == 1 && q >= sw && row - sw >= rowFrom;
            if (sw == 1 && sh == 1 && ow == w) {
                lowerRun(in, plane + rowShift * w + colShift, dst, base, j0, j1, y0 * ow, y1 * ow, x0, x1, ow);
                continue;
            }
            for (int y = yFirst; y <= yLast; y++) {
                int xs = Math.max(0, j0 - y * ow), xe = Math.min(ow, j1 - y * ow);
                int d = base + y * ow;
                if (y < y0 || y >= y1) {
                    Arrays.fill(dst, d + xs, d + xe, 0f);
                    continue;
                }
                if (shifted) {
                    int last = xe - 1;
                    System.arraycopy(dst, d - sw * cols + xs + 1, dst, d + xs, last - xs);
                    dst[d + last] = last >= x0 && last < x1
                            ? in[plane + (y * sh + rowShift) * w + colShift + last * sw] : 0f;
                    continue;
                }
                int a = Math.max(xs, x0), b = Math.min(xe, x1);
                if (a >= b) {
                    Arrays.fill(dst, d + xs, d + xe, 0f);
                    continue;
                }
                int src = plane + (y * sh + rowShift) * w + colShift;
                Arrays.fill(dst, d + xs, d + a, 0f);
                if (sw == 1) {
                    System.arraycopy(in, src + a, dst, d + a, b - a);
                } else {
                    for (int x = a; x < b; x++) {
                        dst[d + x] = in[src + x * sw];
                    }
                }
                Arrays.fill(dst, d + b, d + xe, 0f);
            }
        }
    }

    /**
     * {@link #lower} of a 1×1, unpadded convolution with column stride 2 (a ResNet's stride-2 projection): row c of
     * the block is every second float of every strideH-th row of channel c, whole output rows by the provider's
     * {@link ColumnGather#evenColumns}, a partial first or last row of the block element by element. Why: element
     * by element, the whole lowering took a sixth of such a layer (Xeon Emerald Rapids, 1 thread, one image, 256→512
     * at 56×56: 1.25 ms against 1.08 for the same GEMM on a stride-1 input of the output's size).
     */
    private static void lowerEvenColumns(ColumnGather gather, ConvShape s, float[] in, int offIn, float[] dst,
                                         int offDst, int rowFrom, int rowTo, int j0, int cols) {
        final int w = s.width(), planeSize = s.height() * w, ow = s.outWidth(), rowStride = s.strideH() * w;
        final int j1 = j0 + cols, yA = Math.ceilDiv(j0, ow), yB = Math.max(yA, j1 / ow);   // whole rows [yA, yB)
        final int headEnd = Math.min(j1, yA * ow), tailStart = Math.max(headEnd, yB * ow);
        for (int row = rowFrom; row < rowTo; row++) {
            int plane = offIn + row * planeSize, base = offDst + (row - rowFrom) * cols - j0;  // dst of j: base + j
            for (int j = j0; j < headEnd; j++) {
                dst[base + j] = in[plane + j / ow * rowStride + 2 * (j % ow)];
            }
            if (yA < yB) {
                gather.evenColumns(in, plane + yA * rowStride, rowStride, yB - yA, ow, dst, base + yA * ow);
            }
            for (int j = tailStart; j < j1; j++) {
                dst[base + j] = in[plane + j / ow * rowStride + 2 * (j % ow)];
            }
        }
    }

    /**
     * One tap's row of the column matrix where output rows are as wide as input rows and both strides are 1: then
     * pixel j = y·ow + x reads {@code in[src + j]}, so the pixels of the rows inside the image are one run of the
     * input, copied at once, and only the columns outside the image (where the run wraps around a row's end) are
     * zeroed after, column by column. Row by row, a 3×3 layer's 56-, 28- or 14-float copies each cost a call; on a
     * 64@56×56 filter gradient (Zen 5, 1 thread) the lowering took a fifth of the time.
     *
     * @param src   index in {@code in} that pixel j reads at {@code src + j}, for j in [ja, jb) with x in [x0, x1)
     * @param base  index in {@code dst} of pixel j at {@code base + j}
     * @param ja    first pixel of a row inside the image (y0·ow)
     * @param jb    end of the pixels of rows inside the image (y1·ow)
     */
    private static void lowerRun(float[] in, int src, float[] dst, int base, int j0, int j1, int ja, int jb,
                                 int x0, int x1, int ow) {
        int from = Math.max(j0, ja), to = Math.min(j1, jb);
        if (from >= to || x0 >= x1) {
            Arrays.fill(dst, base + j0, base + j1, 0f);
            return;
        }
        Arrays.fill(dst, base + j0, base + from, 0f);
        Arrays.fill(dst, base + to, base + j1, 0f);
        // the run starts no earlier than its row's first inside column and ends no later than its row's last: the
        // pixels between read inside the input plane even where their columns are outside (a wrapped neighbour,
        // zeroed below), but before the first row's x0 or past the last row's x1 the read may leave the array
        int xFrom = from % ow, xLast = (to - 1) % ow;
        int first = xFrom < x0 ? from - xFrom + x0 : from;
        int end = xLast >= x1 ? to - 1 - xLast + x1 : to;
        if (first < end) {
            System.arraycopy(in, src + first, dst, base + first, end - first);
        }
        for (int x = 0; x < x0; x++) {
            PlanePadding.zeroColumn(dst, base + from + Math.floorMod(x - xFrom, ow), base + to, ow);
        }
        for (int x = x1; x < ow; x++) {
            PlanePadding.zeroColumn(dst, base + from + Math.floorMod(x - xFrom, ow), base + to, ow);
        }
    }

    /** The double twin of {@link #lower(ConvShape, float[], int, float[], int, int, int, int, int)}. */
    static void lower(ConvShape s, double[] in, int offIn, double[] dst, int offDst, int rowFrom, int rowTo, int j0,
                      int cols) {
        final int kh = s.kernelH(), kw = s.kernelW(), w = s.width(), planeSize = s.height() * w;
        final int ow = s.outWidth(), sh = s.strideH(), sw = s.strideW();
        final int j1 = j0 + cols, yFirst = j0 / ow, yLast = (j1 - 1) / ow;
        for (int row = rowFrom; row < rowTo; row++) {
            int c = row / (kh * kw), r = row / kw % kh, q = row % kw;
            int y0 = ConvGeometry.firstY(s, r), y1 = ConvGeometry.endY(s, r);
            int x0 = ConvGeometry.firstX(s, q), x1 = ConvGeometry.endX(s, q);
            int plane = offIn + c * planeSize;
            int rowShift = r * s.dilationH() - s.padH();
            int colShift = q * s.dilationW() - s.padW();
            int base = offDst + (row - rowFrom) * cols - j0;
            // Strided, undilated: tap q reads at column x what tap q − stride read at x + 1, so its row is the row
            // stride rows up shifted by one column (a copy), and only each run's last element is gathered.
            boolean shifted = sw > 1 && s.dilationW() == 1 && q >= sw && row - sw >= rowFrom;
            for (int y = yFirst; y <= yLast; y++) {
                int xs = Math.max(0, j0 - y * ow), xe = Math.min(ow, j1 - y * ow);
                int d = base + y * ow;
                if (y < y0 || y >= y1) {
                    Arrays.fill(dst, d + xs, d + xe, 0.0);
                    continue;
                }
                if (shifted) {
                    int last = xe - 1;
                    System.arraycopy(dst, d - sw * cols + xs + 1, dst, d + xs, last - xs);
                    dst[d + last] = last >= x0 && last < x1
                            ? in[plane + (y * sh + rowShift) * w + colShift + last * sw] : 0.0;
                    continue;
                }
                int a = Math.max(xs, x0), b = Math.min(xe, x1);
                if (a >= b) {
                    Arrays.fill(dst, d + xs, d + xe, 0.0);
                    continue;
                }
                int src = plane + (y * sh + rowShift) * w + colShift;
                Arrays.fill(dst, d + xs, d + a, 0.0);
                if (sw == 1) {
                    System.arraycopy(in, src + a, dst, d + a, b - a);
                } else {
                    for (int x = a; x < b; x++) {
                        dst[d + x] = in[src + x * sw];
                    }
                }
                Arrays.fill(dst, d + b, d + xe, 0.0);
            }
        }
    }
}
