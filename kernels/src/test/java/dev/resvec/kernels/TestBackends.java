package dev.resvec.kernels;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import java.util.List;

/**
 * The backends every kernel test runs: the scalar one and, where it can run, the vector one at the JVM's configured
 * width (surefire runs the kernel tests a second time with {@code -Dresvec.vectorBits=128}).
 * {@link KernelProviderGuardTest} makes sure the vector one is not silently missing.
 */
public final class TestBackends {
    private TestBackends() {}

    /** @return scalar first, then vector where available */
    public static List<Backend> all() {
        return Backends.available();
    }
}
