package dev.resvec.kernels.vector;

import dev.resvec.kernels.KernelProvider;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.ProviderSettings;
import jdk.incubator.vector.FloatVector;

/** Builds the Vector API backend. */
public final class VectorBackend {
    private VectorBackend() {}

    /**
     * @return null when the preferred species is wide enough, else why not
     * @throws IllegalStateException when {@code -Dresvec.vectorBits} forces a width wider than the CPU's: checked
     *                               here, before {@link VectorConfig} is initialised, whose initialiser would turn
     *                               it into a {@code NoClassDefFoundError} from the second call on
     */
    public static String whyUnsupported() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (preferred < 128) {
            return "the preferred float species has only " + preferred + " bits (at least 128 needed)";
        }
        ProviderSettings.system().vectorBitsOn(preferred);
        return null;
    }

    /** @return the vector backend at {@link VectorConfig#F}'s width */
    public static Backend create() {
        ProviderSettings settings = ProviderSettings.system();
        String reason = settings.vectorBits() == 0
                ? (settings.kernels() == ProviderSettings.Choice.AUTO ? "automatic" : "forced by -Dresvec.kernels=vector")
                : "width forced by -Dresvec.vectorBits";
        KernelProvider provider = new KernelProvider("vector", VectorConfig.F.vectorBitSize(), VectorConfig.FMA, reason);
        return new Backend(provider, new VectorSgemm(), new VectorElementwise());
    }
}
