package dev.resvec.kernels.vector;

import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Index vectors for {@link FloatVector#selectFrom(jdk.incubator.vector.Vector, jdk.incubator.vector.Vector)}: lane i
 * of {@code index.selectFrom(a, b)} is lane {@code lane(i)} of the concatenation a:b (0 … 2·VL − 1).
 *
 * <p>Why not {@code a.rearrange(shuffle, b)}: the JDK expands a two-input rearrange into two permutes, a mask from the
 * shuffle and a blend, four intrinsics each; a 16×16 register transpose ({@link VectorTranspose#interleave16}) has 64
 * of them, which passed C2's inlining budget in a larger compilation, and the rest then ran as the Java fallbacks
 * (ResNet-50 predictor, JDK 25, Zen 5: 13 % of its time in {@code FloatVector.blendTemplate}, allocating megabytes per
 * call). {@code selectFrom(a, b)} is one intrinsic ({@code vpermt2ps} on AVX-512).
 */
final class TwoVectorIndex {
    /** The even lanes of a:b (lane i takes lane 2i): every second element of 2·VL consecutive floats. */
    static final FloatVector EVEN = of(VectorConfig.F, i -> 2 * i);
    /** The odd lanes of a:b (lane i takes lane 2i + 1). */
    static final FloatVector ODD = of(VectorConfig.F, i -> 2 * i + 1);
    /** The low half of a spread onto the even lanes, b's lane 0 in the odd ones. */
    static final FloatVector SPREAD_LOW = of(VectorConfig.F, i -> i % 2 == 0 ? i / 2 : VectorConfig.VL);
    /** The high half of a spread onto the even lanes, b's lane 0 in the odd ones. */
    static final FloatVector SPREAD_HIGH = of(VectorConfig.F,
            i -> i % 2 == 0 ? VectorConfig.VL / 2 + i / 2 : VectorConfig.VL);

    private TwoVectorIndex() {}

    /** @return the index vector of species {@code s} whose lane i holds {@code lane(i)}, in [0, 2·VL) */
    static FloatVector of(VectorSpecies<Float> s, IntUnaryOperator lane) {
        float[] index = new float[s.length()];
        for (int i = 0; i < index.length; i++) {
            int l = lane.applyAsInt(i);
            if (l < 0 || l >= 2 * index.length) {
                throw new IllegalArgumentException("lane " + i + " selects " + l + ", outside 0.." + (2 * index.length - 1));
            }
            index[i] = l;
        }
        return FloatVector.fromArray(s, index, 0);
    }
}
