package dev.resvec.kernels.vector;

import dev.resvec.kernels.KernelProvider;
import dev.resvec.kernels.internal.Backend;
import jdk.incubator.vector.FloatVector;

/** Builds the Vector API backend. */
public final class VectorBackend {
    private VectorBackend() {}

    /** @return null when the preferred species is wide enough, else why not (a forced bad width throws) */
    public static String whyUnsupported() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (preferred < 128) {
            return "the preferred float species has only " + preferred + " bits (at least 128 needed)";
        }
        VectorConfig.chosenBits(); // throws a clear error on a bad -Dresvec.vectorBits
        return null;
    }

    /** @return the vector backend at {@link VectorConfig#F}'s width */
    public static Backend create() {
        String reason = System.getProperty("resvec.vectorBits", "").isBlank()
                ? (System.getProperty("resvec.kernels", "").isBlank() ? "automatic" : "forced by -Dresvec.kernels=vector")
                : "width forced by -Dresvec.vectorBits";
        KernelProvider provider = new KernelProvider("vector", VectorConfig.F.vectorBitSize(), VectorConfig.FMA, reason);
        return new Backend(provider, new VectorSgemm(), new VectorElementwise());
    }
}
