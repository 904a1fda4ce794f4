package dev.resvec.kernels.internal.pool;

import dev.resvec.kernels.PoolShape;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.vector.VectorPooling;

/**
 * The pooling kernels of each backend: the vector ones for the vector backend, the plain loops of
 * {@link MaxPooling} otherwise. As {@code NormBackends}: beside {@link Backend}, the vector class touched only when
 * a vector backend exists.
 */
public final class PoolBackends {
    private PoolBackends() {}

    private static final class VectorHolder {
        static final PoolKernels INSTANCE = VectorPooling.create();
    }

    private static final PoolKernels SCALAR = new PoolKernels() {
        @Override
        public void maxForward(PoolShape s, float[] in, int offIn, float[] out, int offOut, int[] indices,
                               int offIdx) {
            MaxPooling.forward(s, in, offIn, out, offOut, indices, offIdx);
        }
    };

    /** @return the kernels matching {@code backend}'s provider */
    public static PoolKernels of(Backend backend) {
        return backend.provider().isVector() ? VectorHolder.INSTANCE : SCALAR;
    }

    /** @return the kernels of the active provider */
    public static PoolKernels active() {
        return of(Backends.active());
    }
}
