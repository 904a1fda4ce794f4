package dev.resvec.kernels;

import dev.resvec.kernels.internal.PackedPanels;

/**
 * A left GEMM operand op(A) packed once for the active provider's microkernel ({@link Gemm#pack}), so that every
 * later {@link Gemm#sgemm(PackedMatrix, boolean, int, float, float[], int, int, float, float[], int, int,
 * GemmEpilogue, Parallelism)} with it skips packing A: the weights of a linear layer or of a convolution used for
 * inference, multiplied by a new right operand on every call (the idea of MKL's {@code cblas_sgemm_pack} /
 * {@code cblas_sgemm_compute}).
 *
 * <p>It holds a private copy of the values (changing the source array later does not show), is immutable, and is
 * safe to share between threads. It takes about {@code rows × columns} floats, rounded up to the register tile, and
 * as much again the first time it multiplies a thin right operand (the driver then computes Cᵀ = op(B)ᵀ·Aᵀ and
 * needs A in its other packed layout).
 */
public final class PackedMatrix {
    final PackedPanels panels;

    PackedMatrix(PackedPanels panels) {
        this.panels = panels;
    }

    /** @return m, the rows of op(A) (and of C) */
    public int rows() {
        return panels.rows();
    }

    /** @return k, the columns of op(A) (the depth of the products) */
    public int columns() {
        return panels.columns();
    }

    @Override
    public String toString() {
        return "PackedMatrix[" + rows() + "x" + columns() + " for " + panels.owner() + "]";
    }
}
