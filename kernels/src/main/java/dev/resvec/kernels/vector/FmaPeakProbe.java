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
     * @param seed       the start value of lane 0 of chain 0 (see {@link #start})
     * @return the chains added lane-wise in chain order, then the lanes in order (a value that depends on all the
     *         work, so the JIT cannot drop it)
     */
    public static float run(int iterations, float seed) {
        return CHAINS == 16 ? run16(iterations, seed) : run12(iterations, seed);
    }

    /**
     * Lane j of chain i starts at {@code (seed + i·lanes/1024) + j/1024}: distinct lanes, built without a load.
     * Starting the chains from an array (fromArray) halved the probe's speed on Zen 5 (100 instead of 218
     * GFLOP/s, in every run), for no reason visible in the loop; built this way it reaches the peak.
     */
    private static FloatVector start(int chain, float seed) {
        return FloatVector.zero(S).addIndex(1).mul(1f / 1024).add(seed + chain * S.length() / 1024f);
    }

    /**
     * {@code m·a + c}, on the receiver {@code m}, a broadcast whose exact class C2 knows (as VectorSgemm's madd calls
     * fma on a fresh load rather than on the loop-carried accumulator).
     */
    private static FloatVector step(FloatVector a, FloatVector m, FloatVector c) {
        return FMA ? m.fma(a, c) : m.mul(a).add(c);
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
        return sum(a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(a12).add(a13).add(a14).add(a15));
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
        return sum(a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11));
    }

    /**
     * The chains added lane-wise in chain order, then the lanes in lane order: a reproducible sum (reduceLanes
     * leaves its order open). No vector escapes into an array or a varargs call: that made C2 deoptimise the loop
     * on every call (0.1 GFLOP/s).
     */
    private static float sum(FloatVector total) {
        float[] lanes = new float[S.length()];
        total.intoArray(lanes, 0);
        float s = 0;
        for (float x : lanes) {
            s += x;
        }
        return s;
    }

    private static boolean isArm() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64");
    }
}
