package dev.resvec.core;

import dev.resvec.kernels.PoolShape;

/** Shape checks of the pooling and batch-norm ops on NCHW tensors; each failure names the op and the shapes. */
final class PoolingShapes {
    private PoolingShapes() {}

    /** Rejects anything but a rank-4 (N×C×H×W) tensor. */
    static void rank4(String op, Tensor x) {
        if (x.shape.length != 4) {
            throw new IllegalArgumentException(op + ": needs a 4-D input N×C×H×W, got shape " + Shapes.str(x.shape)
                    + " (rank " + x.shape.length + ")");
        }
    }

    /** @return the kernels' geometry of a square pooling of {@code x}, its errors prefixed with the op and shape */
    static PoolShape pool(String op, Tensor x, int kernel, int stride, int padding) {
        rank4(op, x);
        try {
            return PoolShape.of(x.shape[0], x.shape[1], x.shape[2], x.shape[3], kernel, stride, padding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + "(kernel " + kernel + ", stride " + stride + ", padding "
                    + padding + ") of input " + Shapes.str(x.shape) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a per-channel tensor of batch norm (weight, bias, running statistics): the input's dtype and the shape
     * {@code [C]}. Null passes (absent).
     */
    static void perChannel(String op, String name, Tensor t, Tensor x) {
        if (t == null) {
            return;
        }
        if (t.dtype != x.dtype) {
            throw new IllegalArgumentException(op + ": " + name + " is " + t.dtype + " but the input " + Shapes.str(
                    x.shape) + " is " + x.dtype + "; convert it with to(DType)");
        }
        int channels = x.shape[1];
        if (t.shape.length != 1 || t.shape[0] != channels) {
            throw new IllegalArgumentException(op + ": " + name + " must have shape [" + channels + "] (one value per "
                    + "channel of the input " + Shapes.str(x.shape) + "), got " + Shapes.str(t.shape));
        }
    }

    /** @return the output shape N×C×outH×outW */
    static int[] pooledShape(PoolShape s) {
        return new int[] {s.batch(), s.channels(), s.outHeight(), s.outWidth()};
    }
}
