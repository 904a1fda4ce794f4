package dev.resvec.bench.peers;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenBLAS called natively through the Foreign Function &amp; Memory API ({@code java.lang.foreign}, no JNI, no
 * compiler): {@code cblas_sgemm}, {@code openblas_set_num_threads}, {@code openblas_get_corename},
 * {@code openblas_get_config}. The library is the one the dynamic linker finds ({@code libopenblas.so.0}, Debian's
 * alternatives choose the pthread build), or {@code $RESVEC_OPENBLAS} / {@code -Dresvec.openblas=PATH}.
 *
 * <p>A DYNAMIC_ARCH build (Debian's, and most distributions') picks its kernels for the CPU when it is loaded, and
 * can be told which with {@code OPENBLAS_CORETYPE} (e.g. {@code SkylakeX}, its AVX-512 kernels; OpenBLAS 0.3.21
 * detects Zen 4/5 as "Haswell", AVX2). The variable is read once, by the library's constructor, so
 * {@link #load(String)} sets it with libc's {@code setenv} <em>before</em> the library is opened — which only works
 * in a JVM that has not loaded OpenBLAS yet (a JMH fork).
 */
public final class OpenBlas {
    /** CBLAS enum values (cblas.h). */
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    /** Where distributions put it, after the dynamic linker's own search. */
    private static final List<String> CANDIDATES = List.of("libopenblas.so.0", "libopenblas.so",
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib");

    private final String path;
    private final MethodHandle sgemm;
    private final MethodHandle setThreads;
    private final MethodHandle corename;
    private final MethodHandle config;

    private OpenBlas(String path, SymbolLookup lookup) {
        this.path = path;
        Linker linker = Linker.nativeLinker();
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
        sgemm = linker.downcallHandle(find(lookup, "cblas_sgemm"), FunctionDescriptor.ofVoid(i, i, i, i, i, i, f,
                ValueLayout.ADDRESS, i, ValueLayout.ADDRESS, i, f, ValueLayout.ADDRESS, i));
        setThreads = linker.downcallHandle(find(lookup, "openblas_set_num_threads"), FunctionDescriptor.ofVoid(i));
        corename = linker.downcallHandle(find(lookup, "openblas_get_corename"),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        config = linker.downcallHandle(find(lookup, "openblas_get_config"), FunctionDescriptor.of(ValueLayout.ADDRESS));
    }

    /**
     * Opens OpenBLAS, after setting {@code OPENBLAS_CORETYPE} when {@code coreType} is not {@code "auto"}.
     *
     * @param coreType {@code "auto"} (the library's own detection) or an OpenBLAS core name such as {@code SkylakeX}
     * @return the library
     * @throws IllegalStateException when no OpenBLAS can be opened, it lacks a symbol, or it ignored the core type
     *                               (a build without DYNAMIC_ARCH, a CPU without the instructions, or an OpenBLAS
     *                               that was already loaded)
     */
    public static OpenBlas load(String coreType) {
        if (!coreType.equals("auto")) {
            Libc.setenv("OPENBLAS_CORETYPE", coreType);
        }
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates()) {
            try {
                OpenBlas blas = new OpenBlas(candidate, SymbolLookup.libraryLookup(candidate, Arena.global()));
                if (!coreType.equals("auto") && !blas.corename().equalsIgnoreCase(coreType)) {
                    throw new IllegalStateException("OpenBLAS (" + candidate + ") runs its " + blas.corename()
                            + " kernels although OPENBLAS_CORETYPE=" + coreType + " was set (not a DYNAMIC_ARCH "
                            + "build, a CPU without those instructions, or OpenBLAS was loaded before)");
                }
                return blas;
            } catch (IllegalArgumentException notFound) {
                tried.add(candidate + " (" + notFound.getMessage() + ")");
            }
        }
        throw new IllegalStateException("no OpenBLAS library found; tried " + String.join(", ", tried)
                + ". Install it (Debian: apt-get install libopenblas0-pthread) or set "
                + "RESVEC_OPENBLAS=/path/libopenblas.so");
    }

    /** @return the library, if one can be opened here (OpenBLAS's own core detection) */
    public static Optional<OpenBlas> tryLoad() {
        try {
            return Optional.of(load("auto"));
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    private static List<String> candidates() {
        String forced = System.getProperty("resvec.openblas", System.getenv("RESVEC_OPENBLAS"));
        return forced != null && !forced.isBlank() ? List.of(forced) : CANDIDATES;
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
    }

    /** @return the library file that was opened (as given to the dynamic linker) */
    public String path() {
        return path;
    }

    /** @return the kernels OpenBLAS chose, e.g. {@code Haswell} or {@code SkylakeX} */
    public String corename() {
        return string(corename);
    }

    /** @return the build line, e.g. {@code OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64} */
    public String config() {
        return string(config);
    }

    /** Sets the threads of OpenBLAS's own pool for the calls that follow. */
    public void setThreads(int threads) {
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /**
     * Row-major {@code C := A·B} (no transposes, alpha 1, beta 0) on native memory.
     *
     * @param a m×k floats, b k×n, c m×n
     */
    public void sgemm(int m, int n, int k, MemorySegment a, MemorySegment b, MemorySegment c) {
        try {
            sgemm.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, a, k, b, n, 0f, c, n);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }

    private static String string(MethodHandle getter) {
        try {
            MemorySegment s = (MemorySegment) getter.invokeExact();
            return s.equals(MemorySegment.NULL) ? "unknown" : s.reinterpret(4096).getString(0).trim();
        } catch (Throwable t) {
            throw new IllegalStateException("OpenBLAS string query failed", t);
        }
    }
}
