package dev.resvec.core;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;
import java.util.Arrays;

/**
 * Raw computations on tensor storage, no graph: what the operations' forward and backward passes share. FLOAT32
 * runs the float kernels, FLOAT64 the double reference kernels, where a kernel exists; the rest are plain loops
 * (noted on each method).
 */
final class TensorMath {
    private TensorMath() {}

    /** Element-wise binary operations. */
    enum Binary { ADD, SUB, MUL, DIV }

    /** @return a + b, equal shapes: the residual add kernel (float: split across the default threads) */
    static Tensor add(Tensor a, Tensor b) {
        Tensor out = a.outputLike();
        if (a.f != null) {
            Elementwise.add(a.numel, a.f, 0, b.f, 0, out.f, 0, Parallelism.defaults());
        } else {
            Elementwise.add(a.numel, a.d, 0, b.d, 0, out.d, 0);
        }
        return out;
    }

    /** @return a copy with its own storage */
    static Tensor copy(Tensor a) {
        return a.f != null ? new Tensor(a.shape, a.f.clone()) : new Tensor(a.shape, a.d.clone());
    }

    /** @return s·a: the scale kernel */
    static Tensor scale(Tensor a, double s) {
        Tensor out = a.outputLike();
        if (a.f != null) {
            Elementwise.scale(a.numel, (float) s, a.f, 0, out.f, 0);
        } else {
            Elementwise.scale(a.numel, s, a.d, 0, out.d, 0);
        }
        return out;
    }

    /**
     * @return {@code a op b} with NumPy broadcasting, the shapes already known to broadcast to {@code outShape}.
     * Equal shapes: ADD the add kernel, SUB a copy and the axpy kernel; otherwise plain loops.
     */
    static Tensor binary(Binary op, Tensor a, Tensor b, int[] outShape) {
        Tensor out = Tensor.outputZeros(a.dtype, outShape);
        int n = out.numel;
        boolean same = Arrays.equals(a.shape, b.shape);
        if (same && op == Binary.ADD) {
            return add(a, b);
        }
        if (same && op == Binary.SUB) {
            if (a.f != null) {
                System.arraycopy(a.f, 0, out.f, 0, n);
                Elementwise.axpy(n, -1f, b.f, 0, out.f, 0);
            } else {
                System.arraycopy(a.d, 0, out.d, 0, n);
                Elementwise.axpy(n, -1.0, b.d, 0, out.d, 0);
            }
            return out;
        }
        int[] ma = Arrays.equals(a.shape, outShape) ? null : Shapes.broadcastMap(outShape, a.shape);
        int[] mb = Arrays.equals(b.shape, outShape) ? null : Shapes.broadcastMap(outShape, b.shape);
        if (a.f != null) {
            float[] x = a.f;
            float[] y = b.f;
            float[] o = out.f;
            for (int i = 0; i < n; i++) {
                float u = x[ma == null ? i : ma[i]];
                float v = y[mb == null ? i : mb[i]];
                o[i] = switch (op) {
                    case ADD -> u + v;
                    case SUB -> u - v;
                    case MUL -> u * v;
                    case DIV -> u / v;
                };
            }
        } else {
            double[] x = a.d;
            double[] y = b.d;
            double[] o = out.d;
            for (int i = 0; i < n; i++) {
                double u = x[ma == null ? i : ma[i]];
                double v = y[mb == null ? i : mb[i]];
                o[i] = switch (op) {
                    case ADD -> u + v;
                    case SUB -> u - v;
                    case MUL -> u * v;
                    case DIV -> u / v;
                };
            }
        }
        return out;
    }

    /**
     * @return g summed down to {@code shape} (the gradient of a broadcast: sums over the broadcast dims, in index
     * order, accumulated in double), or g itself when it already has that shape. Plain loop.
     */
    static Tensor reduceTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) {
            return g;
        }
        int[] map = Shapes.broadcastMap(g.shape, shape);
        return sumByMap(g, map, shape.clone());
    }

    /** @return out[map[i]] += g[i] over all i, accumulated in double, as a tensor of {@code shape}. Plain loop. */
    static Tensor sumByMap(Tensor g, int[] map, int[] shape) {
        double[] acc = new double[Shapes.numel(shape)];
        if (g.f != null) {
            for (int i = 0; i < g.numel; i++) {
                acc[map[i]] += g.f[i];
            }
            float[] o = new float[acc.length];
            for (int i = 0; i < acc.length; i++) {
                o[i] = (float) acc[i];
            }
            return new Tensor(shape, o);
        }
        for (int i = 0; i < g.numel; i++) {
            acc[map[i]] += g.d[i];
        }
        return new Tensor(shape, acc);
    }

    /** @return out[i] = scale·g[map[i]] as a tensor of {@code shape} (broadcasting g out). Plain loop. */
    static Tensor expandByMap(Tensor g, int[] map, int[] shape, double scale) {
        Tensor out = Tensor.outputZeros(g.dtype, shape);
        if (g.f != null) {
            float s = (float) scale;
            for (int i = 0; i < out.numel; i++) {
                out.f[i] = scale == 1 ? g.f[map[i]] : g.f[map[i]] * s;
            }
        } else {
            for (int i = 0; i < out.numel; i++) {
                out.d[i] = scale == 1 ? g.d[map[i]] : g.d[map[i]] * scale;
            }
        }
        return out;
    }

    /**
     * @return a copy of src's elements rearranged: element k of the result (row-major in {@code outShape}) is
     * {@code src[Σ idx_j · srcStrides[j]]}. Plain loop (transposes and dim moves).
     */
    static Tensor gather(Tensor src, int[] outShape, int[] srcStrides) {
        Tensor out = Tensor.outputZeros(src.dtype, outShape);
        int rank = outShape.length;
        int[] idx = new int[rank];
        int off = 0;
        for (int k = 0; k < out.numel; k++) {
            if (src.f != null) {
                out.f[k] = src.f[off];
            } else {
                out.d[k] = src.d[off];
            }
            for (int j = rank - 1; j >= 0; j--) {
                idx[j]++;
                off += srcStrides[j];
                if (idx[j] < outShape[j]) {
                    break;
                }
                off -= srcStrides[j] * outShape[j];
                idx[j] = 0;
            }
        }
        return out;
    }

    /** @return t with dims d0 and d1 swapped (a copy) */
    static Tensor swapDims(Tensor t, int d0, int d1) {
        int[] st = Shapes.strides(t.shape);
        int[] outShape = t.shape.clone();
        outShape[d0] = t.shape[d1];
        outShape[d1] = t.shape[d0];
        int tmp = st[d0];
        st[d0] = st[d1];
        st[d1] = tmp;
        return gather(t, outShape, st);
    }
}
