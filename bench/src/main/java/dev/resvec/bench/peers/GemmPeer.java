package dev.resvec.bench.peers;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * One SGEMM implementation of another library, set up for row-major {@code C = A·B} (alpha 1, beta 0, no
 * transposes — the problem {@code GemmBenchmark} times), driven the way ../shared/peers/java/GemmBench does:
 * <ul>
 *   <li>{@code netlib-java}: netlib-java 3.2's {@code JavaBLAS.getInstance()} in a JVM without the Vector API:
 *       {@code Java11BLAS}, the reference Fortran BLAS translated to Java (F2J) with netlib's tuning;</li>
 *   <li>{@code netlib-vectorblas}: its {@code JavaBLAS.getInstance()}, the Vector API {@code VectorBLAS} on JDK
 *       16+;</li>
 *   <li>{@code netlib-jni}: its {@code NativeBLAS} (JNI to the system {@code libblas.so.3}; OpenBLAS where Debian's
 *       alternatives point there), threads through {@code OPENBLAS_NUM_THREADS};</li>
 *   <li>{@code ejml}, {@code ejml-mt}: EJML 0.46's {@code CommonOps_FDRM.mult} and the concurrent
 *       {@code CommonOps_MT_FDRM.mult};</li>
 *   <li>{@code openblas}: OpenBLAS's {@code cblas_sgemm} through {@link OpenBlas} on native memory, with the core
 *       type given ({@code auto} or e.g. {@code SkylakeX}).</li>
 * </ul>
 * netlib is column-major: row-major {@code C = A·B} is column-major {@code Cᵀ = Bᵀ·Aᵀ}, i.e. {@code sgemm("N", "N",
 * n, m, k, 1, B, n, A, k, 0, C, n)} on the same arrays, no copy.
 */
public abstract class GemmPeer {
    /** The implementation names, in report order. */
    public static final String[] NAMES = {"openblas", "netlib-jni", "netlib-vectorblas", "netlib-java", "ejml",
        "ejml-mt"};

    final int m, k, n;
    final float[] a, b, c;

    GemmPeer(int m, int k, int n, float[] a, float[] b) {
        this.m = m;
        this.k = k;
        this.n = n;
        this.a = a;
        this.b = b;
        this.c = new float[m * n];
    }

    /**
     * @param name     one of {@link #NAMES}
     * @param coreType OpenBLAS's core type for {@code openblas} ({@code auto} or a core name); ignored otherwise
     * @param threads  threads of the implementation's own pool
     * @param a        row-major m×k
     * @param b        row-major k×n
     * @return the implementation, ready to {@link #run()}
     * @throws IllegalArgumentException for an unknown name, or threads it cannot use (a single-threaded library
     *                                  asked for more than one)
     * @throws IllegalStateException    when the library cannot run here (say why)
     */
    public static GemmPeer create(String name, String coreType, int threads, int m, int k, int n, float[] a,
                                  float[] b) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return switch (name) {
            case "netlib-java" -> {
                single(name, threads);
                BLAS blas = JavaBLAS.getInstance();
                if (blas.getClass().getSimpleName().equals("VectorBLAS")) {
                    throw new IllegalStateException("netlib-java picked VectorBLAS: run it in a JVM without "
                            + "--add-modules jdk.incubator.vector to get its F2J-derived Java BLAS");
                }
                yield new Netlib(blas, m, k, n, a, b);
            }
            case "netlib-vectorblas" -> {
                BLAS blas = JavaBLAS.getInstance();
                if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
                    throw new IllegalStateException("netlib's JavaBLAS is " + blas.getClass().getSimpleName()
                            + ", not VectorBLAS (is --add-modules jdk.incubator.vector missing?)");
                }
                single(name, threads);
                yield new Netlib(blas, m, k, n, a, b);
            }
            case "netlib-jni" -> {
                // OpenBLAS reads its thread count when libblas.so.3 loads it, which NativeBLAS is about to do.
                Libc.setenv("OPENBLAS_NUM_THREADS", Integer.toString(threads));
                BLAS blas = nativeBlas();
                if (threads > 1 && !loadedLibraries().contains("openblas")) {
                    throw new IllegalArgumentException("netlib-jni: the system libblas.so.3 is not OpenBLAS, so "
                            + threads + " threads cannot be set");
                }
                yield new Netlib(blas, m, k, n, a, b);
            }
            case "ejml" -> {
                single(name, threads);
                yield new Ejml(false, m, k, n, a, b);
            }
            case "ejml-mt" -> {
                EjmlConcurrency.setMaxThreads(threads);
                yield new Ejml(true, m, k, n, a, b);
            }
            case "openblas" -> {
                Libc.setenv("OPENBLAS_NUM_THREADS", Integer.toString(threads));
                OpenBlas blas = OpenBlas.load(coreType);
                blas.setThreads(threads);
                yield new Native(blas, m, k, n, a, b);
            }
            default -> throw new IllegalArgumentException("unknown GEMM peer '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * netlib's JNI BLAS, or why not: where {@code libblas.so.3} is missing netlib throws a bare RuntimeException
     * ("Unable to load native implementation") and prints the dlopen error to stderr only; the peer is then named
     * as missing with the package that provides the library.
     */
    private static BLAS nativeBlas() {
        try {
            return NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("netlib-jni: cannot load the system libblas.so.3 (" + e.getMessage()
                    + "); install a BLAS such as Debian's libopenblas0 or libblas3", e);
        }
    }

    private static void single(String name, int threads) {
        if (threads != 1) {
            throw new IllegalArgumentException(name + " is single-threaded; run it with threads=1, got " + threads);
        }
    }

    /** @return the shared objects mapped into this process, lower case (Linux); empty elsewhere */
    static String loadedLibraries() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).toLowerCase(Locale.ROOT);
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** Computes {@code C = A·B} once. */
    public abstract void run();

    /** @return C after the last {@link #run()} (copied back from native memory where needed) */
    public float[] result() {
        return c;
    }

    /** @return what runs, e.g. {@code netlib VectorBLAS} or {@code OpenBLAS SkylakeX (libopenblas.so.0)} */
    public abstract String describe();

    private static final class Netlib extends GemmPeer {
        private final BLAS blas;

        Netlib(BLAS blas, int m, int k, int n, float[] a, float[] b) {
            super(m, k, n, a, b);
            this.blas = blas;
        }

        @Override
        public void run() {
            blas.sgemm("N", "N", n, m, k, 1f, b, n, a, k, 0f, c, n);
        }

        @Override
        public String describe() {
            return "netlib " + blas.getClass().getSimpleName();
        }
    }

    private static final class Ejml extends GemmPeer {
        private final boolean concurrent;
        private final FMatrixRMaj ma, mb, mc;

        Ejml(boolean concurrent, int m, int k, int n, float[] a, float[] b) {
            super(m, k, n, a, b);
            this.concurrent = concurrent;
            ma = FMatrixRMaj.wrap(m, k, a);
            mb = FMatrixRMaj.wrap(k, n, b);
            mc = FMatrixRMaj.wrap(m, n, c);
        }

        @Override
        public void run() {
            if (concurrent) {
                CommonOps_MT_FDRM.mult(ma, mb, mc);
            } else {
                CommonOps_FDRM.mult(ma, mb, mc);
            }
        }

        @Override
        public String describe() {
            return concurrent ? "EJML CommonOps_MT_FDRM (" + EjmlConcurrency.getMaxThreads() + " threads)"
                    : "EJML CommonOps_FDRM";
        }
    }

    private static final class Native extends GemmPeer {
        private final OpenBlas blas;
        private final MemorySegment na, nb, nc;

        Native(OpenBlas blas, int m, int k, int n, float[] a, float[] b) {
            super(m, k, n, a, b);
            this.blas = blas;
            Arena arena = Arena.ofAuto();
            na = arena.allocate((long) a.length * Float.BYTES, 64).copyFrom(MemorySegment.ofArray(a));
            nb = arena.allocate((long) b.length * Float.BYTES, 64).copyFrom(MemorySegment.ofArray(b));
            nc = arena.allocate((long) m * n * Float.BYTES, 64);
        }

        @Override
        public void run() {
            blas.sgemm(m, n, k, na, nb, nc);
        }

        @Override
        public float[] result() {
            MemorySegment.copy(nc, ValueLayout.JAVA_FLOAT, 0, c, 0, c.length);
            return c;
        }

        @Override
        public String describe() {
            return "OpenBLAS " + blas.corename() + " (" + blas.path() + ")";
        }
    }
}
