package dev.resvec.kernels;

import static dev.resvec.kernels.OverlapHarness.in;
import static dev.resvec.kernels.OverlapHarness.inOut;
import static dev.resvec.kernels.OverlapHarness.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.OverlapHarness.Op;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise}'s outputs against its other arguments, float and double entries ({@link OverlapHarness}): the
 * in-place cases each entry documents give the bits separate arrays give; every other shared element, and an exact
 * alias the entry does not compute in place, is an {@link IllegalArgumentException} naming both ranges; side by side
 * in one array is legal. Sizes are odd and larger than the widest vector, so the vector loops and their scalar tails
 * both run; one add and one addRelu are large enough to run on several threads.
 */
class ElementwiseOverlapTest {
    private static final int N = 45;
    private static final int BIG = 2 * Elementwise.PARALLEL_THRESHOLD + 77;
    private static final int BATCH = 2;
    private static final int CHANNELS = 3;
    private static final int SPATIAL = 21;
    private static final int TOTAL = BATCH * CHANNELS * SPATIAL;
    private static final int ROWS = 3;
    private static final int COLS = 19;

    private static final Class<?> F = float.class;
    private static final Class<?> D = double.class;

    static Stream<Op> ops() {
        return Stream.of(
                op("add", Set.of("out=a", "out=b"), List.of(in("a", F, N), in("b", F, N), out("out", F, N)),
                        (x, o) -> Elementwise.add(N, (float[]) x[0], o[0], (float[]) x[1], o[1], (float[]) x[2],
                                o[2])),
                op("add parallel", Set.of("out=a", "out=b"),
                        List.of(in("a", F, BIG), in("b", F, BIG), out("out", F, BIG)),
                        (x, o) -> Elementwise.add(BIG, (float[]) x[0], o[0], (float[]) x[1], o[1], (float[]) x[2],
                                o[2], Parallelism.threads(3))),
                op("addRelu parallel", Set.of("out=a", "out=b"),
                        List.of(in("a", F, BIG), in("b", F, BIG), out("out", F, BIG)),
                        (x, o) -> Elementwise.addRelu(BIG, (float[]) x[0], o[0], (float[]) x[1], o[1],
                                (float[]) x[2], o[2], Parallelism.threads(2))),
                op("addRelu", Set.of("out=a", "out=b"), List.of(in("a", F, N), in("b", F, N), out("out", F, N)),
                        (x, o) -> Elementwise.addRelu(N, (float[]) x[0], o[0], (float[]) x[1], o[1], (float[]) x[2],
                                o[2])),
                op("relu", Set.of("out=x"), List.of(in("x", F, N), out("out", F, N)),
                        (x, o) -> Elementwise.relu(N, (float[]) x[0], o[0], (float[]) x[1], o[1])),
                op("reluBackward", Set.of("gradIn=x", "gradIn=gradOut"),
                        List.of(in("x", F, N), in("gradOut", F, N), out("gradIn", F, N)),
                        (x, o) -> Elementwise.reluBackward(N, (float[]) x[0], o[0], (float[]) x[1], o[1],
                                (float[]) x[2], o[2])),
                op("axpy", Set.of("y=x"), List.of(in("x", F, N), inOut("y", F, N)),
                        (x, o) -> Elementwise.axpy(N, 0.75f, (float[]) x[0], o[0], (float[]) x[1], o[1])),
                op("scale", Set.of("out=x"), List.of(in("x", F, N), out("out", F, N)),
                        (x, o) -> Elementwise.scale(N, -1.5f, (float[]) x[0], o[0], (float[]) x[1], o[1])),
                op("channelBias", Set.of("out=x"),
                        List.of(in("x", F, TOTAL), in("bias", F, CHANNELS), out("out", F, TOTAL)),
                        (x, o) -> Elementwise.channelBias(BATCH, CHANNELS, SPATIAL, (float[]) x[0], o[0],
                                (float[]) x[1], o[1], (float[]) x[2], o[2])),
                op("channelBias [N, C, 1, 1]", Set.of("out=x"),
                        List.of(in("x", F, BATCH * 37), in("bias", F, 37), out("out", F, BATCH * 37)),
                        (x, o) -> Elementwise.channelBias(BATCH, 37, 1, (float[]) x[0], o[0], (float[]) x[1], o[1],
                                (float[]) x[2], o[2])),
                op("channelAffine", Set.of("out=x"), List.of(in("x", F, TOTAL), in("scale", F, CHANNELS),
                                in("shift", F, CHANNELS), out("out", F, TOTAL)),
                        (x, o) -> Elementwise.channelAffine(BATCH, CHANNELS, SPATIAL, (float[]) x[0], o[0],
                                (float[]) x[1], o[1], (float[]) x[2], o[2], (float[]) x[3], o[3])),
                op("channelSums", Set.of(), List.of(in("x", F, TOTAL), out("sum", D, CHANNELS),
                                out("sumSq", D, CHANNELS)),
                        (x, o) -> Elementwise.channelSums(BATCH, CHANNELS, SPATIAL, (float[]) x[0], o[0],
                                (double[]) x[1], o[1], (double[]) x[2], o[2])),
                op("rowMax", Set.of(), List.of(in("x", F, ROWS * COLS), out("out", F, ROWS)),
                        (x, o) -> Elementwise.rowMax(ROWS, COLS, (float[]) x[0], o[0], COLS, (float[]) x[1], o[1])),
                op("softmax", Set.of("out=x"), List.of(in("x", F, ROWS * COLS), out("out", F, ROWS * COLS)),
                        (x, o) -> Elementwise.softmax(ROWS, COLS, (float[]) x[0], o[0], COLS, (float[]) x[1], o[1],
                                COLS)),
                op("logSoftmax", Set.of("out=x"), List.of(in("x", F, ROWS * COLS), out("out", F, ROWS * COLS)),
                        (x, o) -> Elementwise.logSoftmax(ROWS, COLS, (float[]) x[0], o[0], COLS, (float[]) x[1],
                                o[1], COLS)),
                // double: the reference, the same rules
                op("add double", Set.of("out=a", "out=b"),
                        List.of(in("a", D, N), in("b", D, N), out("out", D, N)),
                        (x, o) -> Elementwise.add(N, (double[]) x[0], o[0], (double[]) x[1], o[1], (double[]) x[2],
                                o[2])),
                op("addRelu double", Set.of("out=a", "out=b"),
                        List.of(in("a", D, N), in("b", D, N), out("out", D, N)),
                        (x, o) -> Elementwise.addRelu(N, (double[]) x[0], o[0], (double[]) x[1], o[1],
                                (double[]) x[2], o[2])),
                op("relu double", Set.of("out=x"), List.of(in("x", D, N), out("out", D, N)),
                        (x, o) -> Elementwise.relu(N, (double[]) x[0], o[0], (double[]) x[1], o[1])),
                op("reluBackward double", Set.of("gradIn=x", "gradIn=gradOut"),
                        List.of(in("x", D, N), in("gradOut", D, N), out("gradIn", D, N)),
                        (x, o) -> Elementwise.reluBackward(N, (double[]) x[0], o[0], (double[]) x[1], o[1],
                                (double[]) x[2], o[2])),
                op("axpy double", Set.of("y=x"), List.of(in("x", D, N), inOut("y", D, N)),
                        (x, o) -> Elementwise.axpy(N, 0.75, (double[]) x[0], o[0], (double[]) x[1], o[1])),
                op("scale double", Set.of("out=x"), List.of(in("x", D, N), out("out", D, N)),
                        (x, o) -> Elementwise.scale(N, -1.5, (double[]) x[0], o[0], (double[]) x[1], o[1])),
                op("channelBias double", Set.of("out=x"),
                        List.of(in("x", D, TOTAL), in("bias", D, CHANNELS), out("out", D, TOTAL)),
                        (x, o) -> Elementwise.channelBias(BATCH, CHANNELS, SPATIAL, (double[]) x[0], o[0],
                                (double[]) x[1], o[1], (double[]) x[2], o[2])),
                op("channelAffine double", Set.of("out=x"), List.of(in("x", D, TOTAL), in("scale", D, CHANNELS),
                                in("shift", D, CHANNELS), out("out", D, TOTAL)),
                        (x, o) -> Elementwise.channelAffine(BATCH, CHANNELS, SPATIAL, (double[]) x[0], o[0],
                                (double[]) x[1], o[1], (double[]) x[2], o[2], (double[]) x[3], o[3])),
                op("channelSums double", Set.of(), List.of(in("x", D, TOTAL), out("sum", D, CHANNELS),
                                out("sumSq", D, CHANNELS)),
                        (x, o) -> Elementwise.channelSums(BATCH, CHANNELS, SPATIAL, (double[]) x[0], o[0],
                                (double[]) x[1], o[1], (double[]) x[2], o[2])),
                op("rowMax double", Set.of(), List.of(in("x", D, ROWS * COLS), out("out", D, ROWS)),
                        (x, o) -> Elementwise.rowMax(ROWS, COLS, (double[]) x[0], o[0], COLS, (double[]) x[1],
                                o[1])),
                op("softmax double", Set.of("out=x"), List.of(in("x", D, ROWS * COLS), out("out", D, ROWS * COLS)),
                        (x, o) -> Elementwise.softmax(ROWS, COLS, (double[]) x[0], o[0], COLS, (double[]) x[1],
                                o[1], COLS)),
                op("logSoftmax double", Set.of("out=x"),
                        List.of(in("x", D, ROWS * COLS), out("out", D, ROWS * COLS)),
                        (x, o) -> Elementwise.logSoftmax(ROWS, COLS, (double[]) x[0], o[0], COLS, (double[]) x[1],
                                o[1], COLS)));
    }

    private static Op op(String name, Set<String> inPlace, List<OverlapHarness.Arg> args, OverlapHarness.Call call) {
        return new Op(name, args, call, inPlace);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void inPlaceWhereDocumentedAndNoOtherSharedElement(Op op) {
        OverlapHarness.assertInPlaceRuns(op.inPlace().size(), OverlapHarness.checkAll(op, op.name().hashCode()),
                op.name());
    }

    /** A message in full: the entry, both element ranges, the rule. */
    @Test
    void theMessageNamesTheEntryBothRangesAndTheRule() {
        float[] buf = new float[20];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.add(8, buf, 0, new float[8], 0, buf, 3));
        assertEquals("add: out (8 elements from offset 3: elements 3..10) overlaps a (8 elements from offset 0:"
                + " elements 0..7) in the same array; an output may be exactly this input (in place: the same offset"
                + " and extent) but must not share only part of it (the result would depend on the order the kernel"
                + " reads and writes in)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.channelBias(1, 2, 3, buf, 0, buf, 4, buf, 0));
        assertEquals("channelBias: out (6 elements from offset 0: elements 0..5) overlaps bias (2 elements from"
                + " offset 4: elements 4..5) in the same array; an output must not share elements with an input (the"
                + " result would depend on the order the kernel reads and writes in)", e.getMessage());
    }

    /**
     * Row-wise entries with leading dimensions: out may be x only with the same leading dimension; interleaved rows
     * that share no element are legal.
     */
    @Test
    void rowsWithLeadingDimensions() {
        float[] x = new float[2 * 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) * 0.25f - 1f;
        }
        float[] expected = new float[2 * 7];
        Elementwise.softmax(2, 3, x, 0, 7, expected, 0, 7);
        float[] interleaved = x.clone(); // x in columns 0..2, out in columns 4..6 of the same rows
        Elementwise.softmax(2, 3, interleaved, 0, 7, interleaved, 4, 7);
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[r * 7 + j], interleaved[r * 7 + 4 + j], "(" + r + ", " + j + ")");
            }
        }
        float[] inPlace = x.clone();
        Elementwise.softmax(2, 3, inPlace, 0, 7, inPlace, 0, 7);
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, r * 7, r * 7 + 3),
                    java.util.Arrays.copyOfRange(inPlace, r * 7, r * 7 + 3));
        }
        float[] other = x.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.logSoftmax(2, 3, other, 0, 7, other, 0, 4));
        assertTrue(e.getMessage().startsWith("logSoftmax: out (2x3 from offset 0, leading dimension 4: elements 0..6)"
                + " overlaps x (2x3 from offset 0, leading dimension 7: elements 0..9)"), e.getMessage());
        assertArrayEquals(x, other, "nothing written");
        float[] rowsApart = new float[2 * 7];
        Elementwise.rowMax(2, 3, x, 0, 7, rowsApart, 0); // another array: legal
        float[] gap = x.clone(); // out in the gap after row 0 (elements 3..4): shares nothing with x's rows
        Elementwise.rowMax(2, 3, gap, 0, 7, gap, 3);
        assertEquals(rowsApart[0], gap[3]);
        assertEquals(rowsApart[1], gap[4]);
    }
}
