package dev.resvec.kernels.internal;

import java.lang.foreign.MemorySegment;

/**
 * A matrix op(A) (m×k) packed once for one {@link BlisGemm}'s microkernel, in the exact layouts its driver reads, so
 * that GEMMs with this left operand do no packing of it (the MKL {@code cblas_sgemm_pack} idea; for a convolution's
 * filters in inference, or a linear layer's weights):
 * <ul>
 *   <li>as the left operand: per depth block pc (of the driver's depth step), roundUp(m, MR)×kc floats from
 *   {@code pc·roundUp(m, MR)}, as MR×kc micro-panels (panel ir at ir·kc, element (r, p) at p·MR + r);</li>
 *   <li>as the right operand, for a thin product that the driver computes transposed (Cᵀ = op(B)ᵀ·op(A)ᵀ): per depth
 *   block, roundUp(m, NR)×kc floats from {@code pc·roundUp(m, NR)}, as kc×NR strips of op(A)'s rows (strip j at
 *   j·kc, element (p, q) at p·NR + q). Rearranged from the first on first use, since most products never need it,
 *   into native memory aligned to a cache line (as the driver packs a plain B, see {@link AlignedPanels}).</li>
 * </ul>
 * A packing for transposed products only ({@link SgemmKernel#packForTransposedProduct}) holds the second layout
 * alone, in the array it was given: it serves only the products the driver computes transposed.
 * Immutable once built and safe to share between threads (the rearranged layout is published through a volatile
 * field; two threads building it at once build equal copies).
 */
public final class PackedPanels {
    final BlisGemm owner;
    final int m;
    final int k;
    private final float[] left;
    /** The right-operand layout of a packing for transposed products only (in the scratch it was given). */
    private final float[] right;
    /** The right-operand layout of a left-operand packing, aligned ({@link AlignedPanels}); built on first use. */
    private volatile MemorySegment alignedRight;

    PackedPanels(BlisGemm owner, int m, int k, float[] left, float[] right) {
        this.owner = owner;
        this.m = m;
        this.k = k;
        this.left = left;
        this.right = right;
    }

    /** @return rows of op(A) */
    public int rows() {
        return m;
    }

    /** @return columns of op(A) */
    public int columns() {
        return k;
    }

    /** @return the kernel these panels are packed for */
    public SgemmKernel owner() {
        return owner;
    }

    /** @return whether the right-operand layout has been built (tests) */
    boolean hasRightLayout() {
        return right != null || alignedRight != null;
    }

    /** The left-operand layout. */
    float[] left() {
        if (left == null) {
            throw new IllegalStateException("these " + m + "x" + k + " panels were packed for transposed products "
                    + "only, and this product is not computed transposed");
        }
        return left;
    }

    /** The right-operand layout of a packing for transposed products only. */
    float[] right() {
        return right;
    }

    /**
     * @return the right-operand layout rearranged from the left one (on first use) into an aligned buffer, or null
     *         for a packing for transposed products only (its layout is {@link #right()})
     */
    MemorySegment alignedRight() {
        if (left == null) {
            return null;
        }
        MemorySegment r = alignedRight;
        if (r == null) {
            alignedRight = r = owner.rightFromLeft(this);
        }
        return r;
    }
}
