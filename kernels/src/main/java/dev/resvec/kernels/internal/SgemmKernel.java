package dev.resvec.kernels.internal;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;

/** A provider's single-precision GEMM. Arguments are validated by {@code Gemm} before they reach it. */
public interface SgemmKernel {
    /** {@code C := epilogue(alpha·op(A)·op(B) + beta·C)}, row-major, with validated arguments. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
               float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc, GemmEpilogue epilogue,
               Parallelism parallelism);
}
