package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backends;
import org.junit.jupiter.api.Test;

/**
 * The CI guard (after jvector's TestVectorizationProvider): when the build expects the vector provider
 * ({@code -Dresvec.expectedKernels=vector}, the default in the POM), the test JVM must have chosen it, at the forced
 * width where one was forced; otherwise every "vector" test would silently have tested the scalar code twice.
 */
class KernelProviderGuardTest {

    @Test
    void theExpectedProviderWasChosen() {
        String expected = System.getProperty("resvec.expectedKernels", "any");
        KernelProvider provider = Kernels.provider();
        if (expected.equals("vector")) {
            assertTrue(provider.isVector(), "expected the vector provider, but the JVM chose: " + provider.describe()
                    + " (vector unavailable because: " + Backends.whyVectorUnavailable() + ")");
            String bits = System.getProperty("resvec.vectorBits", "");
            if (!bits.isBlank()) {
                assertEquals(Integer.parseInt(bits), provider.vectorBits(), "forced width not applied");
            }
            assertTrue(Backends.vector().isPresent());
        } else if (expected.equals("scalar")) {
            assertEquals("scalar", provider.name());
        }
    }

    @Test
    void theScalarBackendIsAlwaysThere() {
        assertEquals("scalar", Backends.scalar().provider().name());
        assertEquals(0, Backends.scalar().provider().vectorBits());
    }
}
