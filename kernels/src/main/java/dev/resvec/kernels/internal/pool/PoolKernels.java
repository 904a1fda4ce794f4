package dev.resvec.kernels.internal.pool;

import dev.resvec.kernels.PoolShape;

/**
 * A provider's float pooling kernels that differ between providers. Arguments were validated by {@code Pooling};
 * the semantics are those of {@link MaxPooling}.
 */
public interface PoolKernels {
    /** Max pooling forward, with the argmax indices unless {@code indices} is null; see {@link MaxPooling}. */
    void maxForward(PoolShape s, float[] in, int offIn, float[] out, int offOut, int[] indices, int offIdx);
}
