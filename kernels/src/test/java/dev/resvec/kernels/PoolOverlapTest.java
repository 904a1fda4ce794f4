package dev.resvec.kernels;

import static dev.resvec.kernels.OverlapHarness.in;
import static dev.resvec.kernels.OverlapHarness.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resvec.kernels.OverlapHarness.Arg;
import dev.resvec.kernels.OverlapHarness.Op;
import dev.resvec.kernels.OverlapHarness.Role;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Pooling}'s outputs share no element with its inputs, not even in place ({@link OverlapHarness}): every
 * shared element, for every entry, float and double, is an {@link IllegalArgumentException} naming both ranges,
 * and nothing is written; side by side in one array is legal. The 1×1 stride-1 shapes, whose output is as large as
 * the input, are rejected in place as well.
 */
class PoolOverlapTest {
    private static final PoolShape S = PoolShape.of(2, 3, 7, 9, 3, 2, 1);
    private static final PoolShape ONE = PoolShape.of(1, 2, 5, 5, 1, 1, 0);
    private static final int PLANES = 2 * 3;
    private static final int SPATIAL = 13;
    private static final Class<?> F = float.class;
    private static final Class<?> D = double.class;

    static Stream<Op> ops() {
        return Stream.concat(Stream.of(S, ONE).flatMap(PoolOverlapTest::windowed), global());
    }

    /** Max and average pooling on one shape. */
    private static Stream<Op> windowed(PoolShape s) {
        return Stream.of(
                op("maxForward " + s.describe(), List.of(in("in", F, s.inputSize()), out("out", F, s.outputSize()),
                                new Arg("indices", int.class, s.outputSize(), Role.OUT, (a, off, n, r) -> { })),
                        (x, o) -> Pooling.maxForward(s, (float[]) x[0], o[0], (float[]) x[1], o[1], (int[]) x[2],
                                o[2])),
                op("maxForward double " + s.describe(), List.of(in("in", D, s.inputSize()),
                                out("out", D, s.outputSize())),
                        (x, o) -> Pooling.maxForward(s, (double[]) x[0], o[0], (double[]) x[1], o[1], null, 0)),
                op("maxBackward " + s.describe(), List.of(in("gradOut", F, s.outputSize()), indices(s),
                                out("gradIn", F, s.inputSize())),
                        (x, o) -> Pooling.maxBackward(s, (float[]) x[0], o[0], (int[]) x[1], o[1], (float[]) x[2],
                                o[2])),
                op("maxBackward double " + s.describe(), List.of(in("gradOut", D, s.outputSize()), indices(s),
                                out("gradIn", D, s.inputSize())),
                        (x, o) -> Pooling.maxBackward(s, (double[]) x[0], o[0], (int[]) x[1], o[1], (double[]) x[2],
                                o[2])),
                op("avgForward " + s.describe(), List.of(in("in", F, s.inputSize()), out("out", F, s.outputSize())),
                        (x, o) -> Pooling.avgForward(s, false, (float[]) x[0], o[0], (float[]) x[1], o[1])),
                op("avgForward double " + s.describe(), List.of(in("in", D, s.inputSize()),
                                out("out", D, s.outputSize())),
                        (x, o) -> Pooling.avgForward(s, true, (double[]) x[0], o[0], (double[]) x[1], o[1])),
                op("avgBackward " + s.describe(), List.of(in("gradOut", F, s.outputSize()),
                                out("gradIn", F, s.inputSize())),
                        (x, o) -> Pooling.avgBackward(s, true, (float[]) x[0], o[0], (float[]) x[1], o[1])),
                op("avgBackward double " + s.describe(), List.of(in("gradOut", D, s.outputSize()),
                                out("gradIn", D, s.inputSize())),
                        (x, o) -> Pooling.avgBackward(s, false, (double[]) x[0], o[0], (double[]) x[1], o[1])));
    }

    private static Stream<Op> global() {
        return Stream.of(
                op("globalAvgForward", List.of(in("in", F, PLANES * SPATIAL), out("out", F, PLANES)),
                        (x, o) -> Pooling.globalAvgForward(2, 3, SPATIAL, (float[]) x[0], o[0], (float[]) x[1], o[1])),
                op("globalAvgForward double", List.of(in("in", D, PLANES * SPATIAL), out("out", D, PLANES)),
                        (x, o) -> Pooling.globalAvgForward(2, 3, SPATIAL, (double[]) x[0], o[0], (double[]) x[1],
                                o[1])),
                op("globalAvgBackward", List.of(in("gradOut", F, PLANES), out("gradIn", F, PLANES * SPATIAL)),
                        (x, o) -> Pooling.globalAvgBackward(2, 3, SPATIAL, (float[]) x[0], o[0], (float[]) x[1],
                                o[1])),
                op("globalAvgBackward double", List.of(in("gradOut", D, PLANES), out("gradIn", D, PLANES * SPATIAL)),
                        (x, o) -> Pooling.globalAvgBackward(2, 3, SPATIAL, (double[]) x[0], o[0], (double[]) x[1],
                                o[1])),
                op("globalAvgForward spatial 1", List.of(in("in", F, PLANES), out("out", F, PLANES)),
                        (x, o) -> Pooling.globalAvgForward(2, 3, 1, (float[]) x[0], o[0], (float[]) x[1], o[1])));
    }

    /** Argmax indices of a max pooling of random data: valid for the backward. */
    private static Arg indices(PoolShape s) {
        return new Arg("indices", int.class, s.outputSize(), Role.IN, (array, off, n, rnd) -> {
            float[] data = new float[s.inputSize()];
            OverlapHarness.uniform(data, 0, data.length, rnd);
            Pooling.maxForward(s, data, 0, new float[s.outputSize()], 0, (int[]) array, off);
        });
    }

    private static Op op(String name, List<Arg> args, OverlapHarness.Call call) {
        return new Op(name, args, call, Set.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void noOutputSharesAnElementWithAnInput(Op op) {
        OverlapHarness.assertInPlaceRuns(0, OverlapHarness.checkAll(op, op.name().hashCode()), op.name());
    }

    @Test
    void theMessageNamesThePoolingAndBothRanges() {
        float[] buf = new float[S.inputSize() + S.outputSize()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pooling.avgForward(S, true, buf, 0, buf, S.inputSize() - 1));
        assertEquals("pooling " + S.describe() + ": out (" + S.outputSize() + " elements from offset "
                + (S.inputSize() - 1) + ": elements " + (S.inputSize() - 1) + ".." + (S.inputSize() + S.outputSize()
                - 2) + ") overlaps in (" + S.inputSize() + " elements from offset 0: elements 0.." + (S.inputSize()
                - 1) + ") in the same array; an output must not share elements with an input (the result would"
                + " depend on the order the kernel reads and writes in)", e.getMessage());
    }
}
