package dev.resvec.kernels;

/**
 * Argument checks of {@link Elementwise}, shared by its float and double entries: every check sees array lengths
 * ({@code -1} for a null array), never the arrays, so one method serves both element types. Each failure throws an
 * {@link IllegalArgumentException} that names the argument and its values. Sizes are multiplied in long, so an
 * overflowing {@code batch·channels·spatial} is reported as too short an array, not as a wrong index.
 */
final class ElementwiseChecks {
    private ElementwiseChecks() {}

    static int len(float[] array) {
        return array == null ? -1 : array.length;
    }

    static int len(double[] array) {
        return array == null ? -1 : array.length;
    }

    /** Two inputs and an output of n elements: a, b, out. */
    static void binary(int n, int lenA, int offA, int lenB, int offB, int lenOut, int offOut) {
        count("n", n);
        spanOf("a", lenA, "offA", offA, "n", n);
        spanOf("b", lenB, "offB", offB, "n", n);
        spanOf("out", lenOut, "offOut", offOut, "n", n);
    }

    /** One input and one output (or one input-output) of n elements. */
    static void unary(int n, String in, int lenIn, String offIn, int off1, String out, int lenOut, String offOut,
                      int off2) {
        count("n", n);
        spanOf(in, lenIn, offIn, off1, "n", n);
        spanOf(out, lenOut, offOut, off2, "n", n);
    }

    /** reluBackward's x, gradOut and gradIn. */
    static void reluBackward(int n, int lenX, int offX, int lenG, int offG, int lenGradIn, int offGradIn) {
        count("n", n);
        spanOf("x", lenX, "offX", offX, "n", n);
        spanOf("gradOut", lenG, "offG", offG, "n", n);
        spanOf("gradIn", lenGradIn, "offGradIn", offGradIn, "n", n);
    }

    /**
     * Checks the sizes of a {@code batch × channels × spatial} operation and its x.
     *
     * @return {@code batch·channels·spatial}
     */
    static long channelData(int batch, int channels, int spatial, int lenX, int offX) {
        count("batch", batch);
        count("channels", channels);
        count("spatial", spatial);
        long total = (long) batch * channels * spatial;
        span("x", lenX, "offX", offX, describeTotal(batch, channels, spatial, total), total);
        return total;
    }

    /** A per-channel input or output of {@code channels} values (bias, scale, shift, sum, sumSq). */
    static void perChannel(String array, int length, String offName, int off, int channels) {
        spanOf(array, length, offName, off, "channels", channels);
    }

    /** The output of a {@code batch × channels × spatial} operation. */
    static void channelOut(int batch, int channels, int spatial, long total, int lenOut, int offOut) {
        span("out", lenOut, "offOut", offOut, describeTotal(batch, channels, spatial, total), total);
    }

    /** The sizes of a row-wise operation; with {@code minCols = 1} a row may not be empty (when there are rows). */
    static void rowsCols(int rows, int cols, int minCols) {
        count("rows", rows);
        count("cols", cols);
        if (rows > 0 && cols < minCols) {
            throw new IllegalArgumentException("cols must be >= " + minCols + " (the maximum of an empty row is "
                    + "undefined), got cols=" + cols + " with rows=" + rows);
        }
    }

    /** A row-major {@code rows × cols} matrix from {@code off} with leading dimension {@code ld}. */
    static void matrix(String array, int length, String offName, int off, String ldName, int ld, int rows, int cols) {
        present(array, length);
        offset(offName, off);
        if (ld < cols) {
            throw new IllegalArgumentException(ldName + " must be >= cols, got " + ldName + "=" + ld + ", cols="
                    + cols);
        }
        if (rows > 0 && cols > 0) {
            long needed = off + (long) (rows - 1) * ld + cols;
            if (needed > length) {
                throw new IllegalArgumentException(array + " is too short: rows=" + rows + ", cols=" + cols + ", "
                        + ldName + "=" + ld + " from " + offName + "=" + off + " needs " + needed + " elements, got "
                        + length);
            }
        }
    }

    static void parallelism(Parallelism parallelism) {
        if (parallelism == null) {
            throw new IllegalArgumentException("parallelism is null (use Parallelism.singleThread() or "
                    + "Parallelism.defaults())");
        }
    }

    /** A size argument: non-negative. */
    static void count(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + name + "=" + value);
        }
    }

    /**
     * A contiguous span of {@code count} elements from {@code off}, the count named {@code countName} in the
     * message. The message is built only on failure: these checks run on every call, and three strings built
     * eagerly (with the kernel's lambda) made a 4 KiB residual add take 145 ns instead of 54.
     */
    static void spanOf(String array, int length, String offName, int off, String countName, int count) {
        present(array, length);
        offset(offName, off);
        long needed = (long) off + count;
        if (count > 0 && needed > length) {
            throw new IllegalArgumentException(array + " is too short: " + countName + "=" + count + " from "
                    + offName + "=" + off + " needs " + needed + " elements, got " + length);
        }
    }

    /**
     * A contiguous span of {@code count} elements from {@code off}.
     *
     * @param what how the count came about, for the message ({@code "n=100"})
     */
    static void span(String array, int length, String offName, int off, String what, long count) {
        present(array, length);
        offset(offName, off);
        long needed = off + count;
        if (count > 0 && needed > length) {
            throw new IllegalArgumentException(array + " is too short: " + what + " from " + offName + "=" + off
                    + " needs " + needed + " elements, got " + length);
        }
    }

    private static void present(String array, int length) {
        if (length < 0) {
            throw new IllegalArgumentException(array + " is null");
        }
    }

    private static void offset(String offName, int off) {
        if (off < 0) {
            throw new IllegalArgumentException(offName + " must be >= 0, got " + offName + "=" + off);
        }
    }

    private static String describeTotal(int batch, int channels, int spatial, long total) {
        return "batch*channels*spatial=" + batch + "*" + channels + "*" + spatial + "=" + total;
    }
}
