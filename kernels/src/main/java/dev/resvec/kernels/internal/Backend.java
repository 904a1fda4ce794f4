package dev.resvec.kernels.internal;

import dev.resvec.kernels.KernelProvider;

/**
 * One implementation of every kernel family: the Vector API one or the scalar one. Entries reach it through the
 * public facades ({@code Gemm}, {@code Elementwise}), which validate arguments first (netlib's
 * {@code AbstractBLAS} split); tests call both backends directly.
 *
 * @param provider    what this backend is
 * @param sgemm       its GEMM
 * @param elementwise its elementwise and reduction kernels
 */
public record Backend(KernelProvider provider, SgemmKernel sgemm, ElementwiseKernels elementwise) {}
