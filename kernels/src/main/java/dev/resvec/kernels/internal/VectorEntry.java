package dev.resvec.kernels.internal;

import dev.resvec.kernels.vector.VectorBackend;

/** The only link from the selection code to the vector classes; loaded only after the module check passed. */
final class VectorEntry {
    private VectorEntry() {}

    static String whyUnsupported() {
        return VectorBackend.whyUnsupported();
    }

    static Backend create() {
        return VectorBackend.create();
    }
}
