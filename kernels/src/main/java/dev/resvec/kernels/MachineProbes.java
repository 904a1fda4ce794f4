package dev.resvec.kernels;

import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.vector.FmaPeakProbe;

/**
 * The machine's floating-point ceiling measured in Java, for benchmark reports that show every kernel figure as a
 * percentage of it: independent chains of fused multiply-adds on the preferred float species (see the vector
 * package's {@code FmaPeakProbe} for why chains, how many and which values). A benchmark times
 * {@link #fmaPeak(int, float)} and divides {@link #fmaPeakFlops(int)} by the time.
 *
 * <p>Needs the Vector API ({@code --add-modules jdk.incubator.vector}, C2); {@link #whyUnavailable()} says why
 * not where it cannot run.
 */
public final class MachineProbes {
    private MachineProbes() {}

    /** @return null when the probe can run in this JVM, else why not */
    public static String whyUnavailable() {
        return Backends.vector().isPresent() ? null : Backends.whyVectorUnavailable();
    }

    /** @return the width in bits of the species the probe runs on (the preferred one) */
    public static int fmaPeakBits() {
        check();
        return Probe.bits();
    }

    /** @return the number of independent accumulator chains */
    public static int fmaPeakChains() {
        check();
        return Probe.chains();
    }

    /** @return whether the chains are fused multiply-adds (else a multiply and an add: no hardware FMA) */
    public static boolean fmaPeakUsesFma() {
        check();
        return Probe.fma();
    }

    /**
     * @param iterations rounds per call
     * @return the floating-point operations of one {@link #fmaPeak(int, float)} call: 2 per lane, chain and round
     */
    public static double fmaPeakFlops(int iterations) {
        check();
        return 2.0 * iterations * Probe.chains() * (Probe.bits() / Float.SIZE);
    }

    /**
     * Runs the chains.
     *
     * @param iterations rounds, at least 0
     * @param seed       start value (vary it to keep the JIT from folding calls)
     * @return the sum of all lanes of all chains, in order
     * @throws IllegalArgumentException for negative iterations
     * @throws IllegalStateException    where the Vector API cannot run ({@link #whyUnavailable()})
     */
    public static float fmaPeak(int iterations, float seed) {
        if (iterations < 0) {
            throw new IllegalArgumentException("fmaPeak: iterations must be >= 0, got " + iterations);
        }
        check();
        return Probe.run(iterations, seed);
    }

    private static void check() {
        String why = whyUnavailable();
        if (why != null) {
            throw new IllegalStateException("the FMA peak probe needs the Vector API, which cannot run here: " + why);
        }
    }

    /** The only link to the vector class; loaded after {@link #check()} passed (as {@code VectorEntry}). */
    private static final class Probe {
        static int bits() {
            return FmaPeakProbe.bits();
        }

        static int chains() {
            return FmaPeakProbe.CHAINS;
        }

        static boolean fma() {
            return FmaPeakProbe.FMA;
        }

        static float run(int iterations, float seed) {
            return FmaPeakProbe.run(iterations, seed);
        }
    }
}
