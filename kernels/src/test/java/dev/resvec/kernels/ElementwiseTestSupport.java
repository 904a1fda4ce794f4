package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.ElementwiseKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Tuple;

/**
 * Generators, targets and assertions shared by the elementwise kernel tests.
 *
 * <p>Array contents come from a {@link Random} seeded with a {@code long} that jqwik generates: a failing try is
 * reproduced by jqwik's printed seed like every other parameter, and no test uses an unseeded generator. Generating
 * thousands of floats through jqwik itself would be slow and would shrink poorly; the sizes, offsets and flags,
 * which are what find the bugs in a vector loop, are jqwik's.
 */
final class ElementwiseTestSupport {
    private ElementwiseTestSupport() {}

    /** Unit roundoff of float, 2^-24. */
    static final double U = Math.ulp(1.0f) / 2;

    /** Lane counts of the 128-, 256- and 512-bit float species. */
    private static final int[] VLS = {4, 8, 16};

    /** Lengths where vector loops go wrong: empty, single, primes, around one, two and four vectors, around blocks. */
    static final List<Integer> EDGE_LENGTHS = edgeLengths();

    private static List<Integer> edgeLengths() {
        TreeSet<Integer> set = new TreeSet<>(List.of(0, 1, 2, 3, 5, 7, 11, 13, 31, 37, 61, 127, 257, 1021, 1023, 1024,
                1025, 2047, 2048, 2049, 4093, 5000));
        for (int vl : VLS) {
            for (int k : new int[] {1, 2, 4}) {
                set.add(k * vl - 1);
                set.add(k * vl);
                set.add(k * vl + 1);
            }
        }
        return List.copyOf(set);
    }

    /** Vector lengths 0 to 5000, edge cases favoured. */
    static final class Lengths implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.frequencyOf(
                    Tuple.of(4, Arbitraries.of(EDGE_LENGTHS)),
                    Tuple.of(3, Arbitraries.integers().between(0, 200)),
                    Tuple.of(3, Arbitraries.integers().between(0, 5000)));
        }
    }

    /** Offsets into an array: often 0, else small and odd ones (misaligned vectors). */
    static final class Offsets implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(0)),
                    Tuple.of(3, Arbitraries.integers().between(0, 40)));
        }
    }

    /** Rows of a row-wise operation: 0 to 6, 1 favoured. */
    static final class Rows implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.of(0, 1)),
                    Tuple.of(2, Arbitraries.integers().between(1, 6)));
        }
    }

    /** Extra elements between rows (ld - cols): often none. */
    static final class RowPadding implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.of(0, 0, 1, 3, 8, 17);
        }
    }

    /** Batch sizes 0 to 3, 1 favoured. */
    static final class Batches implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(1)),
                    Tuple.of(2, Arbitraries.integers().between(0, 3)));
        }
    }

    /** Channel counts 1 to 17. */
    static final class Channels implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.of(1, 3, 4, 8, 9, 16, 17)),
                    Tuple.of(2, Arbitraries.integers().between(1, 12)));
        }
    }

    /** Spatial sizes (H·W): feature-map sizes of a ResNet, vector edge cases, the sum-block boundary. */
    static final class Spatials implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 49, 64, 65, 196, 784,
                            1023, 1024, 1025, 2049, 3136)),
                    Tuple.of(2, Arbitraries.integers().between(0, 300)));
        }
    }

    /** One kernel implementation under test, with a name for messages. */
    record Target(String name, ElementwiseKernels kernels) {}

    /**
     * @return every backend of {@link TestBackends#all()} called directly, plus the public facade (which validates,
     *         then dispatches to the active backend): the facade must accept every valid call and give the same
     *         results
     */
    static List<Target> targets() {
        List<Target> list = new ArrayList<>();
        for (Backend b : TestBackends.all()) {
            list.add(new Target(b.provider().describe(), b.elementwise()));
        }
        list.add(new Target("Elementwise facade on " + Kernels.provider().name(), new Facade()));
        return list;
    }

    /** The float entries of {@link Elementwise} as an {@link ElementwiseKernels}. */
    private static final class Facade implements ElementwiseKernels {
        @Override
        public void add(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
            Elementwise.add(n, a, offA, b, offB, out, offOut);
        }

        @Override
        public void addRelu(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
            Elementwise.addRelu(n, a, offA, b, offB, out, offOut);
        }

        @Override
        public void relu(int n, float[] x, int offX, float[] out, int offOut) {
            Elementwise.relu(n, x, offX, out, offOut);
        }

        @Override
        public void reluBackward(int n, float[] x, int offX, float[] gradOut, int offG, float[] gradIn,
                                 int offGradIn) {
            Elementwise.reluBackward(n, x, offX, gradOut, offG, gradIn, offGradIn);
        }

        @Override
        public void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
            Elementwise.axpy(n, alpha, x, offX, y, offY);
        }

        @Override
        public void scale(int n, float alpha, float[] x, int offX, float[] out, int offOut) {
            Elementwise.scale(n, alpha, x, offX, out, offOut);
        }

        @Override
        public void channelBias(int batch, int channels, int spatial, float[] x, int offX, float[] bias,
                                int offBias, float[] out, int offOut) {
            Elementwise.channelBias(batch, channels, spatial, x, offX, bias, offBias, out, offOut);
        }

        @Override
        public void channelAffine(int batch, int channels, int spatial, float[] x, int offX, float[] scale,
                                  int offScale, float[] shift, int offShift, float[] out, int offOut) {
            Elementwise.channelAffine(batch, channels, spatial, x, offX, scale, offScale, shift, offShift, out,
                    offOut);
        }

        @Override
        public void channelSums(int batch, int channels, int spatial, float[] x, int offX, double[] sum,
                                int offSum, double[] sumSq, int offSumSq) {
            Elementwise.channelSums(batch, channels, spatial, x, offX, sum, offSum, sumSq, offSumSq);
        }

        @Override
        public void rowMax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut) {
            Elementwise.rowMax(rows, cols, x, offX, ldx, out, offOut);
        }

        @Override
        public void softmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut) {
            Elementwise.softmax(rows, cols, x, offX, ldx, out, offOut, ldOut);
        }

        @Override
        public void logSoftmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut,
                               int ldOut) {
            Elementwise.logSoftmax(rows, cols, x, offX, ldx, out, offOut, ldOut);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // data

    /**
     * @return {@code length} floats uniform in [-scale, scale], with about one in 16 replaced by a special value:
     *         ±0, ±1, ±scale, or a repeat of an earlier value (ties for max)
     */
    static float[] randomFloats(Random r, int length, float scale) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            if (r.nextInt(16) == 0) {
                x[i] = switch (r.nextInt(7)) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> 1f;
                    case 3 -> -1f;
                    case 4 -> scale;
                    case 5 -> -scale;
                    default -> i > 0 ? x[r.nextInt(i)] : 0f;
                };
            } else {
                x[i] = (r.nextFloat() * 2 - 1) * scale;
            }
        }
        return x;
    }

    static double[] randomDoubles(Random r, int length, double scale) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = r.nextInt(16) == 0 ? (r.nextBoolean() ? 0.0 : -0.0) : (r.nextDouble() * 2 - 1) * scale;
        }
        return x;
    }

    // ---------------------------------------------------------------------------------------------------------
    // assertions

    /** Fails unless {@code actual} is bitwise the float nearest {@code expected}. */
    static void assertExact(String what, int i, double expected, float actual) {
        float e = (float) expected;
        if (Float.floatToIntBits(e) != Float.floatToIntBits(actual)) {
            fail(what + ": element " + i + " expected " + e + " (exactly), got " + actual);
        }
    }

    /** Fails unless {@code |actual - expected| <= tolerance} (so NaN always fails). */
    static void assertClose(String what, int i, double expected, double actual, double tolerance) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(what + ": element " + i + " expected " + expected + " ± " + tolerance + ", got " + actual
                    + " (error " + Math.abs(actual - expected) + ")");
        }
    }

    /**
     * Fails if the call wrote anything outside the {@code rows × cols} block from {@code off} with leading dimension
     * {@code ld} (the padding before, between rows and after).
     */
    static void assertOnlyBlockWritten(String what, float[] before, float[] after, int off, int rows, int cols,
                                       int ld) {
        for (int i = 0; i < before.length; i++) {
            int rel = i - off;
            boolean inside = rel >= 0 && ld > 0 && rel / ld < rows && rel % ld < cols;
            if (!inside && Float.floatToIntBits(before[i]) != Float.floatToIntBits(after[i])) {
                fail(what + ": wrote index " + i + " outside its output (from " + off + ", " + rows + "x" + cols
                        + ", ld " + ld + "): " + before[i] + " became " + after[i]);
            }
        }
    }

    /** As {@link #assertOnlyBlockWritten} for a contiguous span of n elements. */
    static void assertOnlySpanWritten(String what, float[] before, float[] after, int off, int n) {
        assertOnlyBlockWritten(what, before, after, off, 1, n, Math.max(n, 1));
    }
}
