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

    /**
     * Tie-free FLOAT64 tensors of one shape: the values {@code (k − ⌊n/2⌋)·spacing} for {@code k = 0 … n − 1}
     * (n elements), in a shuffled order. Any two values differ by at least {@code spacing}, so a gradient check whose
     * step is well below {@code spacing / 2} never reorders them: the maximum of every max-pooling window (and the
     * argmax its gradient goes to) stays put under the finite-difference step, which jqwik's default edge cases
     * (0, ±1, repeated values) would break. Use a power of two for {@code spacing} (say 1/32): the values are then
     * exact in float, so the FLOAT32 and FLOAT64 copies of a tensor agree on every comparison.
     *
     * @param shape   the shape
     * @param spacing the gap between neighbouring values, &gt; 0
     * @return shuffled grids; they shrink towards the unshuffled order
     * @throws IllegalArgumentException when spacing is not positive and finite, or when rounded to float two values
     *                                  would coincide (too many elements for the spacing)
     */
    public static Arbitrary<Tensor> distinctTensors(int[] shape, double spacing) {
        if (!(spacing > 0) || Double.isInfinite(spacing)) {
            throw new IllegalArgumentException("TensorArbitraries.distinctTensors: spacing must be finite and > 0, got "
                    + spacing);
        }
        int[] s = shape.clone();
        int n = Arrays.stream(s).reduce(1, (a, b) -> a * b);
        java.util.List<Double> grid = new java.util.ArrayList<>(n);
        double previous = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double v = (float) ((k - n / 2) * spacing);
            if (!(v > previous)) {
                throw new IllegalArgumentException("TensorArbitraries.distinctTensors: " + n + " values with spacing "
                        + spacing + " are not distinct in float (" + previous + " and " + v + "); use a larger "
                        + "spacing or fewer elements");
            }
            grid.add(v);
            previous = v;
        }
        return Arbitraries.shuffle(grid).map(values -> {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = values.get(i);
            }
            return Tensor.fromArray(d, s);
        });
    }

    /** @return tie-free FLOAT64 tensors (see {@link #distinctTensors(int[], double)}) of generated shapes */
    public static Arbitrary<Tensor> distinctTensors(Arbitrary<int[]> shapes, double spacing) {
        return shapes.flatMap(s -> distinctTensors(s, spacing));
    }
}
