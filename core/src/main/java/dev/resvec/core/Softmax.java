package dev.resvec.core;

import dev.resvec.kernels.Elementwise;

/**
 * softmax and log-softmax over one dim: the row kernels of {@link Elementwise} on a (rows × size) view. When the
 * dim is not the last one, the data is first copied with the dim moved last (and the result moved back): plain
 * loops. Backward (plain loops, row sums in double): softmax {@code y·(g − Σ g·y)}, log-softmax
 * {@code g − e^y·Σ g}.
 */
final class Softmax extends Function {
    private final boolean log;
    private final int dimArg;
    private int dim;

    Softmax(boolean log, int dim) {
        this.log = log;
        this.dimArg = dim;
    }

    @Override
    protected String name() {
        return log ? "logSoftmax" : "softmax";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        dim = Shapes.dim(name(), dimArg, x.shape.length);
        Tensor rows = toLast(x);
        int cols = x.shape[dim];
        int r = cols == 0 ? 0 : x.numel / cols;
        Tensor y = rows.emptyLike();
        if (x.f != null) {
            if (log) {
                Elementwise.logSoftmax(r, cols, rows.f, 0, cols, y.f, 0, cols);
            } else {
                Elementwise.softmax(r, cols, rows.f, 0, cols, y.f, 0, cols);
            }
        } else if (log) {
            Elementwise.logSoftmax(r, cols, rows.d, 0, cols, y.d, 0, cols);
        } else {
            Elementwise.softmax(r, cols, rows.d, 0, cols, y.d, 0, cols);
        }
        saveForBackward(y); // kept in the dim-last layout
        return fromLast(y, x.shape);
    }

    @Override
    protected Tensor[] backward(Tensor gOut) {
        Tensor y = savedTensors()[0];
        Tensor g = toLast(gOut);
        int cols = gOut.shape[dim];
        int rows = cols == 0 ? 0 : g.numel / cols;
        Tensor gi = g.emptyLike();
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += log ? g.at(o + j) : g.at(o + j) * y.at(o + j);
            }
            for (int j = 0; j < cols; j++) {
                double gj = g.at(o + j);
                double yj = y.at(o + j);
                gi.set(o + j, log ? gj - Math.exp(yj) * s : yj * (gj - s));
            }
        }
        return new Tensor[] {fromLast(gi, gOut.shape)};
    }

    /** @return x with {@link #dim} moved last (x itself when it is last): a (outer·inner) × size row layout */
    private Tensor toLast(Tensor x) {
        int last = x.shape.length - 1;
        if (dim == last) {
            return x;
        }
        int[] st = Shapes.strides(x.shape);
        int[] shape = new int[x.shape.length];
        int[] strides = new int[x.shape.length];
        for (int i = 0, o = 0; i < x.shape.length; i++) {
            if (i != dim) {
                shape[o] = x.shape[i];
                strides[o++] = st[i];
            }
        }
        shape[last] = x.shape[dim];
        strides[last] = st[dim];
        return TensorMath.gather(x, shape, strides);
    }

    /** @return the inverse of {@link #toLast}: rows laid out dim-last, back to {@code shape} */
    private Tensor fromLast(Tensor rows, int[] shape) {
        int last = shape.length - 1;
        if (dim == last) {
            return rows.withShape(shape);
        }
        // rows has shape (shape without dim) + [shape[dim]]; gather it back in shape's order
        int[] rowShape = new int[shape.length];
        for (int i = 0, o = 0; i < shape.length; i++) {
            if (i != dim) {
                rowShape[o++] = shape[i];
            }
        }
        rowShape[last] = shape[dim];
        int[] st = Shapes.strides(rowShape);
        int[] strides = new int[shape.length];
        for (int i = 0, o = 0; i < shape.length; i++) {
            strides[i] = i == dim ? st[last] : st[o++];
        }
        return TensorMath.gather(rows, shape, strides);
    }
}
