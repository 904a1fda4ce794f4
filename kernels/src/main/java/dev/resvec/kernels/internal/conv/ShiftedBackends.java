package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.scalar.ScalarShiftedKernels;
import dev.resvec.kernels.vector.VectorShiftedKernels;

/**
 * The {@link ShiftedKernels} of each backend (as {@link WinogradBackends} does for the Winograd kernels): the vector
 * class is loaded only when a vector backend exists.
 */
public final class ShiftedBackends {
    private ShiftedBackends() {}

    private static final class VectorHolder {
        static final ShiftedKernels INSTANCE = VectorShiftedKernels.create();
    }

    private static final class ScalarHolder {
        static final ShiftedKernels INSTANCE = ScalarShiftedKernels.create();
    }

    /** @return the kernels matching {@code backend}'s provider */
    public static ShiftedKernels of(Backend backend) {
        return backend.provider().isVector() ? VectorHolder.INSTANCE : ScalarHolder.INSTANCE;
    }

    /** @return the kernels of the active provider */
    public static ShiftedKernels active() {
        return of(Backends.active());
    }
}
