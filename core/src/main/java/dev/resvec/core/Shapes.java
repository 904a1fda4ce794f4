package dev.resvec.core;

import java.util.Arrays;

/** Shape arithmetic: sizes, dims, broadcasting and the index maps that implement it. */
final class Shapes {
    private Shapes() {}

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** @return the element count of a shape, checked: dims >= 0 and the count fits an int */
    static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("shape " + str(shape) + " has a negative size");
            }
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** @return dim normalized to 0..rank-1 (negative dims count from the end), or an error naming the rank */
    static int dim(String op, int dim, int rank) {
        if (dim < -rank || dim >= rank) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of rank " + rank
                    + (rank == 0 ? " (a scalar has no dims)" : " (valid: " + -rank + ".." + (rank - 1) + ")"));
        }
        return dim < 0 ? dim + rank : dim;
    }

    /** @return the NumPy broadcast of two shapes, or an error naming both shapes and the operation */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int da = i <= a.length ? a[a.length - i] : 1;
            int db = i <= b.length ? b[b.length - i] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together (dim " + -i + ": " + da + " vs " + db + ")");
            }
            out[rank - i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * The flat index into a tensor of shape {@code in} read by each element of a tensor of shape {@code out} when
     * {@code in} is broadcast to {@code out} (right-aligned; each dim of {@code in} is 1 or equal to out's).
     */
    static int[] broadcastMap(int[] out, int[] in) {
        int rank = out.length;
        int[] stride = new int[rank];
        int s = 1;
        for (int i = in.length - 1; i >= 0; i--) {
            int od = rank - in.length + i;
            stride[od] = in[i] == 1 ? 0 : s;
            s *= in[i];
        }
        int n = numel(out);
        int[] map = new int[n];
        int[] idx = new int[rank];
        int off = 0;
        for (int k = 0; k < n; k++) {
            map[k] = off;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                off += stride[d];
                if (idx[d] < out[d]) {
                    break;
                }
                off -= stride[d] * out[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    /** @return row-major strides of a shape */
    static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /** @return the multi-index of flat index {@code flat} in a row-major shape */
    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] > 0) {
                idx[i] = flat % shape[i];
                flat /= shape[i];
            }
        }
        return idx;
    }
}
