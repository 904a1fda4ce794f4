package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A malformed tuning property that is read once per JVM fails every kernel call that needs it with the same
 * {@link IllegalStateException} naming the property, not an {@code ExceptionInInitializerError} and then a bare
 * {@code NoClassDefFoundError}; calls that do not need it still run. This JVM read its properties long ago, so each
 * case runs in a new one ({@link ForkedJvm}); the parse functions themselves are tested in
 * {@code TuningPropertySitesTest} and {@code ConvTuningPropertiesTest}.
 */
class TuningPropertyForkTest {
    private static String malformed(String property, String range, String value) {
        return "IllegalStateException: -D" + property + " must be an integer from " + range + " (or unset, for the"
                + " library's own choice), got '" + value + "'";
    }

    /** The GEMM blocking is computed when the provider is created: every kernel call then fails alike. */
    @Test
    void aMalformedBlockingFailsEveryCallTheSameWay() throws Exception {
        String expected = malformed("resvec.gemm.kc", "1 to 16384", "abc");
        assertEquals(List.of("provider " + expected, "provider " + expected, "sgemm " + expected, "conv " + expected,
                "conv " + expected), ForkedJvm.run(KernelProviderSettingsTest.BadSettingCalls.class,
                "-Dresvec.gemm.kc=abc"));
    }

    /**
     * The pool's size fails the calls that use the pool, its spin the calls that hand out shares at all, the column
     * block budget the GEMM convolutions; a single-threaded SGEMM needs none of them and runs.
     */
    @Test
    void poolAndConvolutionPropertiesFailTheCallsThatReadThem() throws Exception {
        String workers = malformed("resvec.pool.workers", "1 to 4096", "0");
        String spin = malformed("resvec.pool.spinMicros", "0 to 1000000", "fast");
        String blocks = malformed("resvec.conv.blockFloats", "1 to 1073741824", "-1");
        assertEquals(List.of("sgemm returned", "pool add " + workers, "pool add " + workers, "untouched",
                        "executor add " + spin, "executor add " + spin, "untouched", "conv " + blocks,
                        "conv " + blocks),
                ForkedJvm.run(PoolAndConvCalls.class, "-Dresvec.pool.workers=0", "-Dresvec.pool.spinMicros=fast",
                        "-Dresvec.conv.blockFloats=-1"));
    }

    /** The calls of {@link #poolAndConvolutionPropertiesFailTheCallsThatReadThem}, one line each. */
    public static final class PoolAndConvCalls {
        public static void main(String[] args) {
            ForkedJvm.report("sgemm", () -> Gemm.sgemm(false, false, 1, 1, 1, 1f, new float[1], 0, 1, new float[1],
                    0, 1, 0f, new float[1], 0, 1));
            int n = 4 * Elementwise.PARALLEL_THRESHOLD;
            float[] a = new float[n];
            float[] out = new float[n];
            java.util.Arrays.fill(a, 1f);
            for (int i = 0; i < 2; i++) {
                ForkedJvm.report("pool add", () -> Elementwise.add(n, a, 0, a, 0, out, 0, Parallelism.threads(2)));
            }
            System.out.println(untouched(out));
            java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(1);
            for (int i = 0; i < 2; i++) {
                ForkedJvm.report("executor add", () -> Elementwise.add(n, a, 0, a, 0, out, 0,
                        Parallelism.on(executor, 2)));
            }
            executor.shutdown();
            System.out.println(untouched(out));
            ConvShape shape = ConvShape.of(1, 1, 3, 3, 1, 3, 2, 1);   // stride 2: the GEMM path, not ShiftedForward
            for (int i = 0; i < 2; i++) {
                ForkedJvm.report("conv", () -> Convolution.forward(shape, ConvAlgorithm.IM2COL_GEMM, new float[9], 0,
                        new float[9], 0, new float[9], 0, ConvEpilogue.none(), Parallelism.singleThread()));
            }
        }

        private static String untouched(float[] out) {
            for (float v : out) {
                if (v != 0f) {
                    return "written";
                }
            }
            return "untouched";
        }
    }
}
