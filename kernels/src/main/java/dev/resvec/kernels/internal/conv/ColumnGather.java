package dev.resvec.kernels.internal.conv;

/**
 * A provider's kernel that packs blocks of an im2col matrix, read from the prepared image ({@link ColumnIndex}),
 * into the GEMM's right-operand strips ({@link ImplicitColumns}). The scalar twin is {@link #scalar()}; the vector
 * one copies a vector of output positions per tap with one load (two masked loads where the vector crosses an
 * output row).
 */
public interface ColumnGather {
    /**
     * Columns [jc, jc + nc) × taps [pc, pc + kc) of the matrix as kc×nr strips at {@code bp[off]} (strip s at
     * s·kc·nr, row p of a strip at p·nr; columns past nc zero), the index's offsets counted from
     * {@code prepared[base]}.
     */
    void packRight(ColumnIndex g, float[] prepared, int base, int pc, int kc, int jc, int nc, int nr, float[] bp,
                   int off);

    /**
     * The two column phases of a stride-2 image, split as one row ({@link PhaseImage}): {@code dst[dOff + i] =
     * src[at + 2·i]} and {@code dst[dOff + phaseLen + i] = src[at + 2·i + 1]} for i &lt; count.
     */
    default void splitPairs(float[] src, int at, int count, float[] dst, int dOff, int phaseLen) {
        for (int i = 0; i < count; i++) {
            dst[dOff + i] = src[at + 2 * i];
            dst[dOff + phaseLen + i] = src[at + 2 * i + 1];
        }
    }

    /**
     * Every second float of {@code rows} rows: {@code dst[dOff + y·count + i] = src[at + y·rowStride + 2·i]} for
     * y &lt; rows and i &lt; count (the column matrix of a 1×1, stride-2, unpadded convolution, one channel's output
     * rows, {@link Im2col}). Writes nothing outside {@code dst[dOff, dOff + rows·count)}.
     */
    default void evenColumns(float[] src, int at, int rowStride, int rows, int count, float[] dst, int dOff) {
        for (int y = 0; y < rows; y++) {
            for (int i = 0, s = at + y * rowStride, d = dOff + y * count; i < count; i++) {
                dst[d + i] = src[s + 2 * i];
            }
        }
    }

    /**
     * Adds a column-matrix row segment onto every second float of an input row: {@code y[yOff + 2·i] += x[xOff + i]}
     * for i &lt; n (col2im at column stride 2, {@link Col2im}). The floats between, and up to {@code yEnd}, may be
     * read and written back unchanged; nothing from {@code yEnd} on is touched.
     */
    default void addToEvenColumns(int n, float[] x, int xOff, float[] y, int yOff, int yEnd) {
        for (int i = 0; i < n; i++) {
            y[yOff + 2 * i] += x[xOff + i];
        }
    }

    /** @return the plain scalar gather */
    static ColumnGather scalar() {
        return (g, prepared, base, pc, kc, jc, nc, nr, bp, off) -> {
            for (int s0 = 0; s0 < nc; s0 += nr) {
                int cols = Math.min(nr, nc - s0);
                for (int p = 0, dst = off + s0 * kc; p < kc; p++, dst += nr) {
                    for (int q = 0; q < nr; q++) {
                        bp[dst + q] = q < cols ? g.element(prepared, base, pc + p, jc + s0 + q) : 0f;
                    }
                }
            }
        };
    }
}
