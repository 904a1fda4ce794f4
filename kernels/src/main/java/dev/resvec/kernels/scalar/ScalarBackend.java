package dev.resvec.kernels.scalar;

import dev.resvec.kernels.KernelProvider;
import dev.resvec.kernels.internal.Backend;

/** Builds the scalar backend: plain Java, the fallback where the Vector API is missing or slow. */
public final class ScalarBackend {
    private ScalarBackend() {}

    /**
     * @param reason why the scalar provider is used, for the log line and {@code KernelProvider.reason()}
     * @return the scalar backend
     */
    public static Backend create(String reason) {
        return new Backend(new KernelProvider("scalar", 0, false, reason), new ScalarSgemm(), new ScalarElementwise());
    }
}
