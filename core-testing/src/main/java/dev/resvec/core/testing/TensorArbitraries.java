package dev.resvec.core.testing;

import dev.resvec.core.Tensor;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of shapes and tensors, built from independent parts with {@link Combinators#combine} (and
 * jqwik's own collection shrinking), so a failing property shrinks to a small case: low rank, size-1 dims, small
 * values. Use them in {@code @Provide} methods:
 * <pre>{@code
 * @Provide
 * Arbitrary<Tensor> inputs() {
 *     return TensorArbitraries.tensors(TensorArbitraries.shapes(1, 3, 1, 4), Values.between(-2, 2).awayFromZero(0.01));
 * }
 * }</pre>
 * Generated tensors are FLOAT64 (for {@link dev.resvec.core.GradCheck}), with values representable in float, and
 * do not require a gradient: set it on the ones to check.
 */
public final class TensorArbitraries {
    private TensorArbitraries() {}

    /**
     * @param minRank the fewest dims (0: scalars included)
     * @param maxRank the most dims
     * @param minSize the smallest size of a dim (1: size-1 dims included)
     * @param maxSize the largest size of a dim
     * @return shapes; they shrink towards fewer and smaller dims
     */
    public static Arbitrary<int[]> shapes(int minRank, int maxRank, int minSize, int maxSize) {
        checkRange("rank", minRank, maxRank);
        checkRange("size", minSize, maxSize);
        return Arbitraries.integers().between(minSize, maxSize).array(int[].class).ofMinSize(minRank)
                .ofMaxSize(maxRank);
    }

    /**
     * Pairs of shapes that broadcast together (NumPy rules): a shape, and two variants of it, each with some dims
     * replaced by 1 and some leading dims dropped (possibly all of them: a scalar).
     *
     * @return {@code int[2][]}: the two shapes
     */
    public static Arbitrary<int[][]> broadcastShapes(int minRank, int maxRank, int maxSize) {
        checkRange("rank", minRank, maxRank);
        Arbitrary<boolean[]> ones = Arbitraries.of(true, false).array(boolean[].class).ofSize(maxRank);
        Arbitrary<Integer> drop = Arbitraries.integers().between(0, maxRank);
        return Combinators.combine(shapes(minRank, maxRank, 1, maxSize), ones, ones, drop, drop)
                .as((shape, onesA, onesB, dropA, dropB) -> new int[][] {
                        variant(shape, onesA, dropA), variant(shape, onesB, dropB)});
    }

    /**
     * Shapes for a (batched) matrix product: {@code (batchA…, m, k)} and {@code (batchB…, k, n)}, where the batch
     * dims broadcast (see {@link #broadcastShapes}) and may be absent (2-D).
     *
     * @param maxBatchRank the most batch dims
     * @param maxBatch     the largest size of a batch dim
     * @param maxSize      the largest m, k and n
     * @return {@code int[2][]}: the shapes of A and B
     */
    public static Arbitrary<int[][]> matmulShapes(int maxBatchRank, int maxBatch, int maxSize) {
        Arbitrary<Integer> dim = Arbitraries.integers().between(1, maxSize);
        return Combinators.combine(broadcastShapes(0, maxBatchRank, maxBatch), dim, dim, dim)
                .as((batch, m, k, n) -> new int[][] {append(batch[0], m, k), append(batch[1], k, n)});
    }

    /** @return FLOAT64 tensors of one shape with the given values */
    public static Arbitrary<Tensor> tensors(int[] shape, Values values) {
        int[] s = shape.clone();
        int n = Arrays.stream(s).reduce(1, (a, b) -> a * b);
        return values.arbitrary().array(double[].class).ofSize(n).map(v -> Tensor.fromArray(v, s));
    }

    /** @return FLOAT64 tensors of generated shapes with the given values */
    public static Arbitrary<Tensor> tensors(Arbitrary<int[]> shapes, Values values) {
        return shapes.flatMap(s -> tensors(s, values));
    }

    private static int[] variant(int[] shape, boolean[] ones, int drop) {
        int[] v = shape.clone();
        for (int i = 0; i < v.length; i++) {
            if (ones[i]) {
                v[i] = 1;
            }
        }
        return Arrays.copyOfRange(v, Math.min(drop, v.length), v.length);
    }

    private static int[] append(int[] batch, int rows, int cols) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }

    private static void checkRange(String what, int min, int max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("TensorArbitraries: " + what + " bounds must satisfy 0 <= min <= max, got "
                    + min + ".." + max);
        }
    }
}
