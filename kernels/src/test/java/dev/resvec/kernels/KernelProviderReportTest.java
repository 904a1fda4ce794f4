package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.GemmBlocking;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the provider facade reports, and the GEMM blocking each backend runs with. */
class KernelProviderReportTest {

    @Test
    void describeNamesTheProviderAndItsWidth() {
        KernelProvider provider = Kernels.provider();
        assertSame(Backends.active().provider(), provider, "the facade reports the active backend");
        assertSame(provider, Kernels.provider(), "the choice is made once");
        String line = provider.describe();
        if (provider.isVector()) {
            assertTrue(List.of(128, 256, 512).contains(provider.vectorBits()), line);
            assertEquals(provider.vectorBits() / Float.SIZE, provider.floatLanes(), line);
            assertTrue(line.contains(provider.vectorBits() + "-bit"), "no bit width in: " + line);
            assertTrue(line.contains(provider.floatLanes() + " floats"), "no lane count in: " + line);
            assertTrue(line.contains(provider.fma() ? "FMA on" : "FMA off"), "no FMA state in: " + line);
            String forced = System.getProperty("resvec.vectorBits", "");
            if (!forced.isBlank()) {
                assertEquals(Integer.parseInt(forced.trim()), provider.vectorBits(), line);
            }
        } else {
            assertEquals("scalar", provider.name(), line);
            assertEquals(0, provider.vectorBits(), line);
            assertEquals(1, provider.floatLanes(), line);
            assertTrue(line.contains("scalar"), line);
        }
        assertTrue(line.contains(provider.reason()), "the reason is part of the line: " + line);
    }

    /**
     * The register tile follows the register file (see SgemmTile): 3 rows × 3 vectors where the JIT has 16 vector
     * registers (x86 without AVX-512), 8 rows × 2 vectors where it has 32 (AVX-512, AArch64).
     */
    @Test
    void vectorMicrokernelFitsTheRegisterFile() {
        Backends.vector().ifPresent(vector -> {
            KernelProvider provider = vector.provider();
            GemmBlocking blocking = assertInstanceOf(BlisGemm.class, vector.sgemm()).blocking();
            String arch = System.getProperty("os.arch");
            boolean wideRegisterFile = arch.equals("aarch64")
                    || jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
            String forced = System.getProperty("resvec.gemm.tile", "");
            int rows = wideRegisterFile ? 8 : 3, vectors = wideRegisterFile ? 2 : 3;
            if (!forced.isBlank()) {
                rows = Integer.parseInt(forced.substring(0, forced.indexOf('x')));
                vectors = Integer.parseInt(forced.substring(forced.indexOf('x') + 1));
            }
            assertEquals(rows, blocking.mr(), provider.describe());
            assertEquals(vectors * provider.floatLanes(), blocking.nr(), provider.describe());
            if (Kernels.provider().isVector()) {
                assertEquals(Kernels.provider().vectorBits(), provider.vectorBits(), "one width per JVM");
            }
        });
    }

    @Test
    void blockingIsOnTheRegisterGrid() {
        for (Backend backend : TestBackends.all()) {
            GemmBlocking bl = assertInstanceOf(BlisGemm.class, backend.sgemm()).blocking();
            String who = backend.provider().describe() + ": " + bl;
            assertTrue(bl.mr() >= 1 && bl.nr() >= 1 && bl.kc() >= 1, who);
            assertTrue(bl.mc() >= bl.mr() && bl.mc() % bl.mr() == 0, "MC not a multiple of MR: " + who);
            assertTrue(bl.nc() >= bl.nr() && bl.nc() % bl.nr() == 0, "NC not a multiple of NR: " + who);
        }
    }
}
