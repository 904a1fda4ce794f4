package dev.resvec.kernels.internal;

/**
 * A matrix op(A) (m×k) packed once for one {@link BlisGemm}'s microkernel, in the exact layouts its driver reads, so
 * that GEMMs with this left operand do no packing of it (the MKL {@code cblas_sgemm_pack} idea; for a convolution's
 * filters in inference, or a linear layer's weights):
 * <ul>
 *   <li>as the left operand: per depth block pc (of the driver's depth step), roundUp(m, MR)×kc floats from
 *   {@code pc·roundUp(m, MR)}, as MR×kc micro-panels (panel ir at ir·kc, element (r, p) at p·MR + r);</li>
 *   <li>as the right operand, for a thin product that the driver computes transposed (Cᵀ = op(B)ᵀ·op(A)ᵀ): per depth
 *   block, roundUp(m, NR)×kc floats from {@code pc·roundUp(m, NR)}, as kc×NR strips of op(A)'s rows (strip j at
 *   j·kc, element (p, q) at p·NR + q). Rearranged from the first on first use, since most products never need it.</li>
 * </ul>
 * A packing for transposed products only ({@link SgemmKernel#packForTransposedProduct}) holds the second layout
 * alone: it serves only the products the driver computes transposed.
 * Immutable once built and safe to share between threads (the second layout is published through a volatile field;
 * two threads building it at once build equal arrays).
 */
public final class PackedPanels {
    final BlisGemm owner;
    final int m;
    final int k;
    private final float[] left;
    private volatile float[] right;

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
        return right != null;
    }

    /** The left-operand layout. */
    float[] left() {
        if (left == null) {
            throw new IllegalStateException("these " + m + "x" + k + " panels were packed for transposed products "
                    + "only, and this product is not computed transposed");
        }
        return left;
    }

    /** The right-operand layout, rearranged from the left one on first use. */
    float[] right() {
        float[] r = right;
        if (r == null) {
            right = r = owner.rightFromLeft(this);
        }
        return r;
    }
}
