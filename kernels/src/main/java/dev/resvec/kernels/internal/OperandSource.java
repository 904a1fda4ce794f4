package dev.resvec.kernels.internal;

/**
 * A GEMM right operand op(B) (k×n) that is never stored: it packs its own blocks straight into the driver's
 * buffers. A convolution's im2col matrix is one ({@code conv.ImplicitColumns}): the driver asks for the strips it
 * is about to multiply, on the thread that multiplies them, and the columns never exist as a matrix. Where the
 * driver swaps the operands of a thin product ({@code BlisGemm#swapsSources}), it asks for strips MR columns wide:
 * they are the panels of the swapped product's left operand.
 */
public interface OperandSource {
    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] as consecutive kc×nr strips from {@code bp[off]} (strip s at s·kc·nr, row p of
     * a strip at p·nr), columns past nc zero; nr is the register tile's NR or, for the swapped product, its MR.
     */
    void packRight(int pc, int kc, int jc, int nc, int nr, float[] bp, int off);
}
