package dev.resvec.kernels;

import dev.resvec.kernels.internal.Backends;

/**
 * The kernel provider facade: tells which implementation (Vector API or scalar) this JVM runs.
 *
 * <p>The choice is made once, on first use, in this order (after Apache Lucene's {@code VectorizationProvider}):
 * <ol>
 *   <li>a forced choice wins: {@code -Dresvec.kernels=scalar|vector} and {@code -Dresvec.vectorBits=128|256|512};</li>
 *   <li>otherwise the vector provider runs where the {@code jdk.incubator.vector} module is readable, the C2
 *       compiler is on (vector code is 10-100x slower than scalar code without it) and the preferred species
 *       has at least 128 bits;</li>
 *   <li>one log line (logger {@code dev.resvec.kernels}) says which provider, its bit width and whether FMA is
 *       used; a fallback to scalar logs one WARN with the flag to add.</li>
 * </ol>
 * Forcing {@code vector} where it cannot run is an error, not a silent fallback; so is a malformed setting
 * ({@code -Dresvec.kernels}, {@code -Dresvec.vectorBits}, {@code -Dresvec.gemm.tile}), whatever the provider. Either
 * is an {@link IllegalStateException} naming the property, the values it takes and the value given, thrown by this
 * method and by every kernel call, every time (not a {@code NoClassDefFoundError} from the second call on).
 */
public final class Kernels {
    private Kernels() {}

    /**
     * @return the provider chosen for this JVM (the choice is made on the first call and never changes)
     * @throws IllegalStateException on every call when a provider setting is malformed or cannot be honoured
     */
    public static KernelProvider provider() {
        return Backends.active().provider();
    }
}
