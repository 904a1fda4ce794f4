package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backends;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The FMA peak probe computes what it claims (so a benchmark of it times real work) and counts its flops right. */
class MachineProbesTest {

    @Test
    void probeRunsWhereverTheVectorBackendDoes() {
        assertEquals(Backends.vector().isPresent(), MachineProbes.whyUnavailable() == null);
    }

    @Test
    void chainsMatchAScalarSimulation() {
        if (MachineProbes.whyUnavailable() != null) {
            assertThrows(IllegalStateException.class, () -> MachineProbes.fmaPeak(1, 0f));
            return;
        }
        int lanes = MachineProbes.fmaPeakBits() / Float.SIZE;
        int chains = MachineProbes.fmaPeakChains();
        boolean fma = MachineProbes.fmaPeakUsesFma();
        for (int iterations : new int[] {0, 1, 7, 100}) {
            for (float seed : new float[] {0f, -3.5f, 1e6f}) {
                float[] total = new float[lanes];
                for (int chain = 0; chain < chains; chain++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        float a = lane * (1f / 1024) + (seed + chain * lanes / 1024f);
                        for (int i = 0; i < iterations; i++) {
                            a = fma ? Math.fma(0.75f, a, 0.25f) : 0.75f * a + 0.25f;
                        }
                        total[lane] = chain == 0 ? a : total[lane] + a;
                    }
                }
                float expected = 0;
                for (float t : total) {
                    expected += t;
                }
                assertEquals(expected, MachineProbes.fmaPeak(iterations, seed),
                        "iterations " + iterations + ", seed " + seed);
            }
        }
    }

    @Test
    void flopsAreTwoPerLaneChainAndRound() {
        if (MachineProbes.whyUnavailable() != null) {
            assertNotNull(MachineProbes.whyUnavailable());
            return;
        }
        assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), MachineProbes.fmaPeakBits(),
                "the probe measures the preferred species whatever -Dresvec.vectorBits says");
        int chains = MachineProbes.fmaPeakChains();
        assertTrue(chains == 12 || chains == 16, "chains " + chains);
        assertEquals(2.0 * 1000 * chains * (MachineProbes.fmaPeakBits() / 32), MachineProbes.fmaPeakFlops(1000));
        assertThrows(IllegalArgumentException.class, () -> MachineProbes.fmaPeak(-1, 0f));
    }

    @Test
    void valuesStayNormalOverLongRuns() {
        if (MachineProbes.whyUnavailable() == null) {
            float sum = MachineProbes.fmaPeak(1 << 16, 1e30f);
            int values = MachineProbes.fmaPeakChains() * MachineProbes.fmaPeakBits() / Float.SIZE;
            assertEquals(values, sum, values * 1e-5, "every lane converges to the fixed point 1");
        }
    }
}
