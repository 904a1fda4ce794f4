package dev.resvec.kernels.internal;

import dev.resvec.kernels.scalar.ScalarBackend;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the kernel provider once (see {@code Kernels} for the rules) and hands out the backends.
 * The vector classes are only touched after the incubator module was found readable.
 */
public final class Backends {
    /** Module name of the Vector API. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The flag that makes the Vector API readable. */
    public static final String ADD_MODULES_HINT = "--add-modules " + VECTOR_MODULE;

    private static final System.Logger LOG = System.getLogger("dev.resvec.kernels");

    private Backends() {}

    private static final class ScalarHolder {
        static final Backend INSTANCE = ScalarBackend.create("scalar twins");
    }

    private static final class VectorHolder {
        static final String UNAVAILABLE = whyNoVector();
        static final Backend INSTANCE = UNAVAILABLE == null ? createVector() : null;
    }

    private static final class ActiveHolder {
        static final Backend INSTANCE = select();
    }

    /** @return the provider this JVM runs (chosen on first call) */
    public static Backend active() {
        return ActiveHolder.INSTANCE;
    }

    /** @return the scalar backend, always available */
    public static Backend scalar() {
        return ScalarHolder.INSTANCE;
    }

    /** @return the vector backend at the configured width, where it can run here */
    public static Optional<Backend> vector() {
        return Optional.ofNullable(VectorHolder.INSTANCE);
    }

    /** @return null when the vector backend can run here, else why not */
    public static String whyVectorUnavailable() {
        return VectorHolder.UNAVAILABLE;
    }

    /** @return every backend that can run here, scalar first */
    public static List<Backend> available() {
        List<Backend> list = new ArrayList<>();
        list.add(scalar());
        vector().ifPresent(list::add);
        return List.copyOf(list);
    }

    private static Backend select() {
        String forced = System.getProperty("resvec.kernels", "").trim();
        switch (forced) {
            case "scalar" -> {
                Backend b = ScalarBackend.create("forced by -Dresvec.kernels=scalar");
                LOG.log(Level.INFO, "ResVec kernels: " + b.provider().describe());
                return b;
            }
            case "vector" -> {
                Backend b = vector().orElseThrow(() -> new IllegalStateException(
                        "-Dresvec.kernels=vector was given, but the vector provider cannot run here: "
                                + whyVectorUnavailable()));
                LOG.log(Level.INFO, "ResVec kernels: " + b.provider().describe());
                return b;
            }
            case "" -> { /* automatic choice below */ }
            default -> throw new IllegalStateException(
                    "-Dresvec.kernels must be 'scalar' or 'vector', got '" + forced + "'");
        }
        Optional<Backend> vector = vector();
        if (vector.isPresent()) {
            LOG.log(Level.INFO, "ResVec kernels: " + vector.get().provider().describe());
            return vector.get();
        }
        String why = whyVectorUnavailable();
        Backend b = ScalarBackend.create("fallback: " + why);
        LOG.log(Level.WARNING, "ResVec kernels: falling back to the scalar provider, 10x or more slower, because "
                + why + (why.contains(VECTOR_MODULE) ? "; add " + ADD_MODULES_HINT + " to the java command line" : ""));
        return b;
    }

    private static String whyNoVector() {
        Optional<Module> module = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (module.isEmpty() || !Backends.class.getModule().canRead(module.get())) {
            return "the " + VECTOR_MODULE + " module is not readable";
        }
        String noC2 = VmFlags.whyNoC2();
        if (noC2 != null) {
            return noC2;
        }
        return VectorEntry.whyUnsupported();
    }

    private static Backend createVector() {
        return VectorEntry.create();
    }
}
