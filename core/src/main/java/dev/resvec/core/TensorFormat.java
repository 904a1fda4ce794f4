package dev.resvec.core;

import java.util.Locale;

/** {@link Tensor#toString()}: nested brackets as in PyTorch, all values up to {@link #MAX_ELEMENTS}. */
final class TensorFormat {
    static final int MAX_ELEMENTS = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t, String creator) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean full = t.numel <= MAX_ELEMENTS;
        boolean sci = false;
        for (int i = 0; i < t.numel; i++) {
            double a = Math.abs(t.at(i));
            if (Double.isFinite(a) && a != 0 && (a >= 1e5 || a < 1e-4)) {
                sci = true;
                break;
            }
        }
        if (t.shape.length == 0) {
            sb.append(value(t.at(0), sci));
        } else {
            append(sb, t, 0, 0, sci, full, "tensor(".length());
        }
        sb.append(", shape=").append(Shapes.str(t.shape)).append(", dtype=").append(t.dtype);
        if (creator != null) {
            sb.append(", gradFn=").append(creator);
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor t, int dim, int offset, boolean sci, boolean full,
                               int indent) {
        int size = t.shape[dim];
        int stride = 1;
        for (int i = dim + 1; i < t.shape.length; i++) {
            stride *= t.shape[i];
        }
        sb.append('[');
        for (int i = 0; i < size; i++) {
            if (!full && size > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = size - EDGE - 1;
                sb.append(dim == t.shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
                continue;
            }
            if (dim == t.shape.length - 1) {
                sb.append(value(t.at(offset + i), sci));
            } else {
                append(sb, t, dim + 1, offset + i * stride, sci, full, indent);
            }
            if (i < size - 1) {
                sb.append(dim == t.shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    private static String value(double v, boolean sci) {
        return String.format(Locale.ROOT, sci ? "%.4e" : "%.4f", v);
    }
}
