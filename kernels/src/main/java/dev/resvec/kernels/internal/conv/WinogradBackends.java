package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.scalar.ScalarWinogradKernels;
import dev.resvec.kernels.vector.VectorWinogradKernels;

/**
 * The Winograd kernels of each backend: the vector ones for the vector backend, the scalar twins otherwise. Kept
 * beside {@link Backend} rather than in it (as the batch-norm passes are), so the provider choice stays in one place
 * ({@link Backends}); the vector class is loaded only when a vector backend exists, that is after the incubator
 * module was found readable (the holder class below is initialised on first use).
 */
public final class WinogradBackends {
    private WinogradBackends() {}

    private static final class VectorHolder {
        static final WinogradKernels INSTANCE = VectorWinogradKernels.create();
    }

    private static final class ScalarHolder {
        static final WinogradKernels INSTANCE = ScalarWinogradKernels.create();
    }

    /** @return the kernels matching {@code backend}'s provider */
    public static WinogradKernels of(Backend backend) {
        return backend.provider().isVector() ? VectorHolder.INSTANCE : ScalarHolder.INSTANCE;
    }

    /** @return the kernels of the active provider */
    public static WinogradKernels active() {
        return of(Backends.active());
    }
}
