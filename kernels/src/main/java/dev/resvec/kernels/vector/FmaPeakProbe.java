package dev.resvec.kernels.vector;

import dev.resvec.kernels.internal.VmFlags;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's own floating-point ceiling, measured in Java: independent chains {@code a ← a·m + c} of fused
 * multiply-adds on the <em>preferred</em> float species (whatever {@code -Dresvec.vectorBits} forces for the
 * kernels: the ceiling is the machine's, and a narrower species is measured against it).
 *
 * <p>Why independent chains: an FMA has a latency of about 4 cycles and a core issues two (Zen 4/5, Skylake-X,
 * Golden Cove) to four (Neoverse V1/V2, 128-bit) per cycle, so latency × ports = 8–16 of them must be in flight to
 * keep every FMA pipe busy. {@link #CHAINS} is 16 where the ISA has 32 vector registers (AVX-512, NEON/SVE) and 12
 * where it has 16 (AVX2), so that the accumulators and the two constants stay in registers — the same 12 chains as
 * {@code ../shared/peers/c/fmapeak.c} on AVX2. Where HotSpot has no hardware FMA ({@code -XX:-UseFMA}) the chains
 * are a multiply and an add instead (an emulated FMA would measure the emulation, not the machine).
 *
 * <p>m = 0.75 and c = 0.25 pull every lane towards 1 (the fixed point c / (1 − m)), so the values stay normal —
 * never subnormal, never infinite — however many iterations run.
 */
public final class FmaPeakProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Whether the chains use {@code fma} (hardware FMA) or a multiply and an add. */
    public static final boolean FMA = VmFlags.useFma();
    /** Independent accumulator chains: 16 with 32 vector registers, 12 with 16 (see the class comment). */
    public static final int CHAINS = S.vectorBitSize() >= 512 || isArm() ? 16 : 12;
    private static final float M = 0.75f;
    private static final float C = 0.25f;

    private FmaPeakProbe() {}

    /** @return the preferred species' width in bits */
    public static int bits() {
        return S.vectorBitSize();
    }

    /** @return the float lanes of the preferred species */
    public static int lanes() {
        return S.length();
    }

    /**
     * Runs {@code iterations} rounds of {@link #CHAINS} independent {@code a ← a·0.75 + 0.25} on every lane.
     *
     * @param iterations rounds, at least 0
     * @param seed       the start value of lane 0 of chain 0; lane j of chain i starts at {@code seed + (i·lanes + j)/1024}
     * @return the sum of every chain's lanes, chain by chain and lane by lane in order (a value that depends on all
     *         the work, so the JIT cannot drop it)
     */
    public static float run(int iterations, float seed) {
        return CHAINS == 16 ? run16(iterations, seed) : run12(iterations, seed);
    }

    private static FloatVector start(int chain, float seed) {
        float[] init = new float[S.length()];
        for (int j = 0; j < init.length; j++) {
            init[j] = seed + (chain * init.length + j) / 1024f;
        }
        return FloatVector.fromArray(S, init, 0);
    }

    private static FloatVector step(FloatVector a, FloatVector m, FloatVector c) {
        return FMA ? a.fma(m, c) : a.mul(m).add(c);
    }

    private static float run16(int iterations, float seed) {
        FloatVector m = FloatVector.broadcast(S, M), c = FloatVector.broadcast(S, C);
        FloatVector a0 = start(0, seed), a1 = start(1, seed), a2 = start(2, seed), a3 = start(3, seed);
        FloatVector a4 = start(4, seed), a5 = start(5, seed), a6 = start(6, seed), a7 = start(7, seed);
        FloatVector a8 = start(8, seed), a9 = start(9, seed), a10 = start(10, seed), a11 = start(11, seed);
        FloatVector a12 = start(12, seed), a13 = start(13, seed), a14 = start(14, seed), a15 = start(15, seed);
        for (int i = 0; i < iterations; i++) {
            a0 = step(a0, m, c);
            a1 = step(a1, m, c);
            a2 = step(a2, m, c);
            a3 = step(a3, m, c);
            a4 = step(a4, m, c);
            a5 = step(a5, m, c);
            a6 = step(a6, m, c);
            a7 = step(a7, m, c);
            a8 = step(a8, m, c);
            a9 = step(a9, m, c);
            a10 = step(a10, m, c);
            a11 = step(a11, m, c);
            a12 = step(a12, m, c);
            a13 = step(a13, m, c);
            a14 = step(a14, m, c);
            a15 = step(a15, m, c);
        }
        return sum(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
    }

    private static float run12(int iterations, float seed) {
        FloatVector m = FloatVector.broadcast(S, M), c = FloatVector.broadcast(S, C);
        FloatVector a0 = start(0, seed), a1 = start(1, seed), a2 = start(2, seed), a3 = start(3, seed);
        FloatVector a4 = start(4, seed), a5 = start(5, seed), a6 = start(6, seed), a7 = start(7, seed);
        FloatVector a8 = start(8, seed), a9 = start(9, seed), a10 = start(10, seed), a11 = start(11, seed);
        for (int i = 0; i < iterations; i++) {
            a0 = step(a0, m, c);
            a1 = step(a1, m, c);
            a2 = step(a2, m, c);
            a3 = step(a3, m, c);
            a4 = step(a4, m, c);
            a5 = step(a5, m, c);
            a6 = step(a6, m, c);
            a7 = step(a7, m, c);
            a8 = step(a8, m, c);
            a9 = step(a9, m, c);
            a10 = step(a10, m, c);
            a11 = step(a11, m, c);
        }
        return sum(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
    }

    /** Lane by lane, chain by chain, in order: a reproducible sum (reduceLanes leaves the order open). */
    private static float sum(FloatVector... chains) {
        float s = 0;
        for (FloatVector v : chains) {
            for (int j = 0; j < v.length(); j++) {
                s += v.lane(j);
            }
        }
        return s;
    }

    private static boolean isArm() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64");
    }
}
