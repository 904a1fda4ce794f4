package dev.resvec.kernels.internal;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;

/** A provider's single-precision GEMM. Arguments are validated by {@code Gemm} before they reach it. */
public interface SgemmKernel {
    /** {@code C := epilogue(alpha·op(A)·op(B) + beta·C)}, row-major, with validated arguments. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
               float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc, GemmEpilogue epilogue,
               Parallelism parallelism);

    /** @return op(A) (m×k) packed for this kernel as a left operand, a private copy */
    PackedPanels pack(boolean transA, int m, int k, float[] a, int offA, int lda);

    /**
     * op(A) (m×k) packed only in the layout a product computed transposed reads it in: for a call that multiplies the
     * same A by several thin right operands, each a product that {@link #transposesWithSource} says runs transposed
     * (the driver swaps a plain right operand wherever it swaps a source). A product with these panels that does not
     * run transposed throws {@link IllegalStateException}. Packed into scratch, they hold only until it is reused.
     *
     * @param dest        the array to pack into when it holds {@link #transposedPackSize} floats (scratch), else
     *                    null or too short for a new one
     * @param parallelism the threads that pack
     */
    PackedPanels packForTransposedProduct(boolean transA, int m, int k, float[] a, int offA, int lda, float[] dest,
                                          Parallelism parallelism);

    /** @return the floats {@link #packForTransposedProduct} packs an m×k op(A) into */
    int transposedPackSize(int m, int k);

    /** {@code C := epilogue(alpha·A·op(B) + beta·C)} with a pre-packed A (of this kernel), validated arguments. */
    void sgemm(PackedPanels a, boolean transB, int n, float alpha, float[] b, int offB, int ldb, float beta,
               float[] c, int offC, int ldc, GemmEpilogue epilogue, Parallelism parallelism);

    /**
     * {@code C := epilogue(alpha·A·op(B) + beta·C)} with a pre-packed A and a right operand that packs itself (k×n,
     * k = A's columns), validated arguments.
     */
    void sgemm(PackedPanels a, OperandSource b, int n, float alpha, float beta, float[] c, int offC, int ldc,
               GemmEpilogue epilogue, Parallelism parallelism);

    /**
     * Whether {@link #sgemm(PackedPanels, OperandSource, int, float, float, float[], int, int, GemmEpilogue,
     * Parallelism)} computes this m×n×k product as Cᵀ, reading A in the layout of a right operand: a layout that a
     * packing of A builds on first use, at a cost a packing made for one call pays in full.
     */
    boolean transposesWithSource(int m, int n, int k);
}
