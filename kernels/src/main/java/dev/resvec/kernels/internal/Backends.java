package dev.resvec.kernels.internal;

import dev.resvec.kernels.scalar.ScalarBackend;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

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

    // Each holder keeps its outcome, failure included (Settled): a bad setting then gives the same clear
    // IllegalStateException on every call instead of a NoClassDefFoundError from the second call on. The scalar
    // backend reads settings too: the GEMM blocking's and the cache sizes' overrides.
    private static final class ScalarHolder {
        static final Settled<Backend> INSTANCE = Settled.of(() -> ScalarBackend.create("scalar twins"));
    }

    private static final class VectorHolder {
        static final Settled<String> UNAVAILABLE = Settled.of(Backends::whyNoVector);
        static final Settled<Backend> INSTANCE = Settled.of(() -> UNAVAILABLE.get() == null ? createVector() : null);
    }

    private static final class ActiveHolder {
        static final Settled<Backend> INSTANCE = Settled.of(Backends::select);
    }

    /**
     * @return the provider this JVM runs (chosen on first call)
     * @throws IllegalStateException on every call when a provider setting is malformed or cannot be honoured here
     */
    public static Backend active() {
        return ActiveHolder.INSTANCE.get();
    }

    /**
     * @return the scalar backend, always available
     * @throws IllegalStateException on every call when a tuning property it reads is malformed
     */
    public static Backend scalar() {
        return ScalarHolder.INSTANCE.get();
    }

    /**
     * @return the vector backend at the configured width, where it can run here
     * @throws IllegalStateException when a provider setting is malformed or cannot be honoured here
     */
    public static Optional<Backend> vector() {
        return Optional.ofNullable(VectorHolder.INSTANCE.get());
    }

    /**
     * @return null when the vector backend can run here, else why not (with the flag to add, where one helps)
     * @throws IllegalStateException when a provider setting is malformed or cannot be honoured here
     */
    public static String whyVectorUnavailable() {
        return VectorHolder.UNAVAILABLE.get();
    }

    /** @return every backend that can run here, scalar first */
    public static List<Backend> available() {
        List<Backend> list = new ArrayList<>();
        list.add(scalar());
        vector().ifPresent(list::add);
        return List.copyOf(list);
    }

    /**
     * The provider choice, without touching any vector class.
     *
     * @param vector      the vector provider is chosen
     * @param scalarReason when scalar: why, for {@link dev.resvec.kernels.KernelProvider#reason()}
     * @param warning     when scalar by fallback: the WARN line, with the flag to add; null otherwise
     */
    public record Decision(boolean vector, String scalarReason, String warning) {}

    /**
     * Decides the provider (a pure function, for tests): a forced choice wins, forcing {@code vector} where it
     * cannot run is an error, and the automatic choice falls back to scalar with a WARN that says why and which
     * flag to add.
     *
     * @param settings  the validated provider settings
     * @param whyNoVector null when the vector provider can run here, else why not (see {@link #whyNoVector})
     * @return the decision
     * @throws IllegalStateException when {@code vector} is forced but cannot run
     */
    public static Decision decide(ProviderSettings settings, String whyNoVector) {
        return switch (settings.kernels()) {
            case SCALAR -> new Decision(false, "forced by -D" + ProviderSettings.KERNELS + "=scalar", null);
            case VECTOR -> {
                if (whyNoVector != null) {
                    throw new IllegalStateException("-D" + ProviderSettings.KERNELS + "=vector was given, but the"
                            + " vector provider cannot run here: " + whyNoVector);
                }
                yield new Decision(true, null, null);
            }
            case AUTO -> whyNoVector == null ? new Decision(true, null, null)
                    : new Decision(false, "fallback: " + whyNoVector, "ResVec kernels: falling back to the scalar"
                            + " provider, 10x or more slower, because " + whyNoVector);
        };
    }

    /**
     * Why the vector provider cannot run (a pure function of its three conditions, for tests), checked in order so
     * that a vector class is loaded only once the module is known to be readable.
     *
     * @param moduleReadable whether {@code jdk.incubator.vector} is readable by this module
     * @param noC2           null when C2 is on, else why not ({@link VmFlags#whyNoC2()})
     * @param species        null when the CPU's species is wide enough, else why not; only asked when the first
     *                       two conditions hold
     * @return null when it can run, else the reason, ending with the flag to add where one helps
     */
    public static String whyNoVector(boolean moduleReadable, String noC2, Supplier<String> species) {
        if (!moduleReadable) {
            return "the " + VECTOR_MODULE + " module is not readable; add " + ADD_MODULES_HINT
                    + " to the java command line";
        }
        return noC2 != null ? noC2 : species.get();
    }

    private static Backend select() {
        Decision decision = decide(ProviderSettings.system(), whyVectorUnavailable());
        if (decision.vector()) {
            Backend b = vector().orElseThrow();
            LOG.log(Level.INFO, "ResVec kernels: " + b.provider().describe());
            return b;
        }
        Backend b = ScalarBackend.create(decision.scalarReason());
        if (decision.warning() != null) {
            LOG.log(Level.WARNING, decision.warning());
        } else {
            LOG.log(Level.INFO, "ResVec kernels: " + b.provider().describe());
        }
        return b;
    }

    private static String whyNoVector() {
        ProviderSettings.system(); // a malformed setting is an error before anything else is looked at
        Optional<Module> module = ModuleLayer.boot().findModule(VECTOR_MODULE);
        boolean readable = module.isPresent() && Backends.class.getModule().canRead(module.get());
        return whyNoVector(readable, readable ? VmFlags.whyNoC2() : null, VectorEntry::whyUnsupported);
    }

    private static Backend createVector() {
        return VectorEntry.create();
    }
}
