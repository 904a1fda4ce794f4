package dev.resvec.kernels.internal.norm;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.scalar.ScalarNorm;
import dev.resvec.kernels.vector.VectorNorm;

/**
 * The batch-norm passes of each backend: the vector ones for the vector backend, the scalar twins otherwise. Kept
 * beside {@link Backend} rather than in it, so the provider choice stays in one place ({@link Backends}); the vector
 * class is touched only when a vector backend exists, that is after the incubator module was found readable (the
 * holder class below is loaded on first use).
 */
public final class NormBackends {
    private NormBackends() {}

    private static final class VectorHolder {
        static final NormKernels INSTANCE = VectorNorm.create();
    }

    private static final NormKernels SCALAR = ScalarNorm.create();

    /** @return the passes matching {@code backend}'s provider */
    public static NormKernels of(Backend backend) {
        return backend.provider().isVector() ? VectorHolder.INSTANCE : SCALAR;
    }

    /** @return the passes of the active provider */
    public static NormKernels active() {
        return of(Backends.active());
    }
}
