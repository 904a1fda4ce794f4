package dev.resvec.kernels;

import static dev.resvec.kernels.OverlapHarness.in;
import static dev.resvec.kernels.OverlapHarness.inOut;
import static dev.resvec.kernels.OverlapHarness.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resvec.kernels.OverlapHarness.Arg;
import dev.resvec.kernels.OverlapHarness.Op;
import dev.resvec.kernels.OverlapHarness.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BatchNorm}'s outputs against its other arguments ({@link OverlapHarness}), float and double, with and
 * without the fused ReLU and its masked gradient: the in-place cases the class comment lists give the bits separate
 * arrays give (on one thread and, for data of {@link Elementwise#PARALLEL_THRESHOLD} values, on several); every
 * other shared element is an {@link IllegalArgumentException} naming both ranges, with nothing written.
 */
class BatchNormOverlapTest {
    private static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;
    private static final Class<?> F = float.class;
    private static final Class<?> D = double.class;

    /** A data shape: batch, channels, spatial. */
    private record Dims(int batch, int channels, int spatial) {
        int total() {
            return batch * channels * spatial;
        }
    }

    private static final Dims SMALL = new Dims(2, 3, 21);
    /** At least PARALLEL_THRESHOLD values: the float entries split the channels between threads. */
    private static final Dims LARGE = new Dims(2, 8, Elementwise.PARALLEL_THRESHOLD / 16 + 3);

    static Stream<Op> ops() {
        List<Op> ops = new ArrayList<>(configurations(SMALL, F));
        ops.addAll(configurations(SMALL, D));
        ops.add(foldedScaleShift(F));
        ops.add(foldedScaleShift(D));
        return ops.stream();
    }

    /** The float entries on data their threads split (the double ones run on the calling thread). */
    static Stream<Op> large() {
        return configurations(LARGE, F).stream();
    }

    /** Every entry on data of these dimensions, the backward ones without a ReLU, with one, and with gradMasked. */
    private static List<Op> configurations(Dims d, Class<?> type) {
        List<Op> ops = new ArrayList<>(List.of(trainingForward(d, type), inferenceForward(d, type)));
        for (boolean[] reluMasked : new boolean[][] {{false, false}, {true, false}, {true, true}}) {
            ops.add(backward(d, type, reluMasked[0], reluMasked[1]));
            ops.add(inferenceBackward(d, type, reluMasked[0], reluMasked[1]));
        }
        return ops;
    }

    private static Arg positive(String name, Class<?> type, int length, Role role) {
        return new Arg(name, type, length, role, OverlapHarness::positive);
    }

    private static String describe(String entry, Dims d, Class<?> type) {
        return entry + " " + d.batch() + "x" + d.channels() + "x" + d.spatial() + " " + type;
    }

    private static Op trainingForward(Dims d, Class<?> t) {
        int c = d.channels();
        List<Arg> args = List.of(in("x", t, d.total()), in("gamma", t, c), in("beta", t, c),
                in("residual", t, d.total()), out("out", t, d.total()), out("saveMean", D, c), out("saveInvStd", D, c),
                inOut("runningMean", t, c), positive("runningVar", t, c, Role.INOUT));
        return new Op(describe("trainingForward", d, t), args, (x, o) -> {
            if (t == F) {
                BatchNorm.trainingForward(d.batch(), c, d.spatial(), (float[]) x[0], o[0], (float[]) x[1], o[1],
                        (float[]) x[2], o[2], EPS, (float[]) x[3], o[3], true, (float[]) x[4], o[4], (double[]) x[5],
                        o[5], (double[]) x[6], o[6], (float[]) x[7], o[7], (float[]) x[8], o[8], MOMENTUM,
                        Parallelism.threads(3));
            } else {
                BatchNorm.trainingForward(d.batch(), c, d.spatial(), (double[]) x[0], o[0], (double[]) x[1], o[1],
                        (double[]) x[2], o[2], EPS, (double[]) x[3], o[3], true, (double[]) x[4], o[4],
                        (double[]) x[5], o[5], (double[]) x[6], o[6], (double[]) x[7], o[7], (double[]) x[8], o[8],
                        MOMENTUM);
            }
        }, Set.of("out=x", "out=residual"));
    }

    private static Op inferenceForward(Dims d, Class<?> t) {
        int c = d.channels();
        List<Arg> args = List.of(in("x", t, d.total()), in("gamma", t, c), in("beta", t, c), in("runningMean", t, c),
                positive("runningVar", t, c, Role.IN), in("residual", t, d.total()), out("out", t, d.total()));
        return new Op(describe("inferenceForward", d, t), args, (x, o) -> {
            if (t == F) {
                BatchNorm.inferenceForward(d.batch(), c, d.spatial(), (float[]) x[0], o[0], (float[]) x[1], o[1],
                        (float[]) x[2], o[2], (float[]) x[3], o[3], (float[]) x[4], o[4], EPS, (float[]) x[5], o[5],
                        true, (float[]) x[6], o[6], Parallelism.threads(2));
            } else {
                BatchNorm.inferenceForward(d.batch(), c, d.spatial(), (double[]) x[0], o[0], (double[]) x[1], o[1],
                        (double[]) x[2], o[2], (double[]) x[3], o[3], (double[]) x[4], o[4], EPS, (double[]) x[5],
                        o[5], false, (double[]) x[6], o[6]);
            }
        }, Set.of("out=x", "out=residual"));
    }

    /**
     * The training backward: gradIn may be gradOut, reluOut or x, but not x when a ReLU's masked gradient has no
     * array of its own; gradMasked may be gradOut or reluOut.
     */
    private static Op backward(Dims d, Class<?> t, boolean relu, boolean masked) {
        int c = d.channels();
        List<Arg> args = new ArrayList<>(List.of(in("x", t, d.total()), in("gradOut", t, d.total()),
                in("saveMean", D, c), positive("saveInvStd", D, c, Role.IN), in("gamma", t, c),
                out("gradIn", t, d.total()), out("gradGamma", t, c), out("gradBeta", t, c)));
        Set<String> inPlace = new java.util.TreeSet<>(Set.of("gradIn=gradOut"));
        if (relu) {
            args.add(in("reluOut", t, d.total()));
            inPlace.add("gradIn=reluOut");
        }
        if (masked) {
            args.add(out("gradMasked", t, d.total()));
            inPlace.addAll(Set.of("gradMasked=gradOut", "gradMasked=reluOut"));
        }
        if (!relu || masked) {
            inPlace.add("gradIn=x");
        }
        return new Op(describe("backward" + (relu ? " relu" : "") + (masked ? " masked" : ""), d, t), args,
                (x, o) -> {
                    Object y = relu ? x[8] : null;
                    Object m = masked ? x[9] : null;
                    int offY = relu ? o[8] : 0;
                    int offM = masked ? o[9] : 0;
                    if (t == F) {
                        BatchNorm.backward(d.batch(), c, d.spatial(), (float[]) x[0], o[0], (float[]) x[1], o[1],
                                (float[]) y, offY, (float[]) m, offM, (double[]) x[2], o[2], (double[]) x[3], o[3],
                                (float[]) x[4], o[4], (float[]) x[5], o[5], (float[]) x[6], o[6], (float[]) x[7],
                                o[7], Parallelism.threads(3));
                    } else {
                        BatchNorm.backward(d.batch(), c, d.spatial(), (double[]) x[0], o[0], (double[]) x[1], o[1],
                                (double[]) y, offY, (double[]) m, offM, (double[]) x[2], o[2], (double[]) x[3], o[3],
                                (double[]) x[4], o[4], (double[]) x[5], o[5], (double[]) x[6], o[6], (double[]) x[7],
                                o[7]);
                    }
                }, inPlace);
    }

    /** The inference backward: gradIn may be gradOut, reluOut or x; gradMasked may be gradOut or reluOut. */
    private static Op inferenceBackward(Dims d, Class<?> t, boolean relu, boolean masked) {
        int c = d.channels();
        List<Arg> args = new ArrayList<>(List.of(in("x", t, d.total()), in("gradOut", t, d.total()),
                in("gamma", t, c), in("runningMean", t, c), positive("runningVar", t, c, Role.IN),
                out("gradIn", t, d.total()), out("gradGamma", t, c), out("gradBeta", t, c)));
        Set<String> inPlace = new java.util.TreeSet<>(Set.of("gradIn=gradOut", "gradIn=x"));
        if (relu) {
            args.add(in("reluOut", t, d.total()));
            inPlace.add("gradIn=reluOut");
        }
        if (masked) {
            args.add(out("gradMasked", t, d.total()));
            inPlace.addAll(Set.of("gradMasked=gradOut", "gradMasked=reluOut"));
        }
        return new Op(describe("inferenceBackward" + (relu ? " relu" : "") + (masked ? " masked" : ""), d, t), args,
                (x, o) -> {
                    Object y = relu ? x[8] : null;
                    Object m = masked ? x[9] : null;
                    int offY = relu ? o[8] : 0;
                    int offM = masked ? o[9] : 0;
                    if (t == F) {
                        BatchNorm.inferenceBackward(d.batch(), c, d.spatial(), (float[]) x[0], o[0], (float[]) x[1],
                                o[1], (float[]) y, offY, (float[]) m, offM, (float[]) x[2], o[2], (float[]) x[3], o[3],
                                (float[]) x[4], o[4], EPS, (float[]) x[5], o[5], (float[]) x[6], o[6], (float[]) x[7],
                                o[7], Parallelism.threads(2));
                    } else {
                        BatchNorm.inferenceBackward(d.batch(), c, d.spatial(), (double[]) x[0], o[0],
                                (double[]) x[1], o[1], (double[]) y, offY, (double[]) m, offM, (double[]) x[2], o[2],
                                (double[]) x[3], o[3], (double[]) x[4], o[4], EPS, (double[]) x[5], o[5],
                                (double[]) x[6], o[6], (double[]) x[7], o[7]);
                    }
                }, inPlace);
    }

    /** foldedScaleShift: scale and shift may each be any input. */
    private static Op foldedScaleShift(Class<?> t) {
        int c = 11;
        List<Arg> args = List.of(in("gamma", t, c), in("beta", t, c), in("runningMean", t, c),
                positive("runningVar", t, c, Role.IN), out("scale", t, c), out("shift", t, c));
        Set<String> inPlace = new java.util.TreeSet<>();
        for (String output : List.of("scale", "shift")) {
            for (String input : List.of("gamma", "beta", "runningMean", "runningVar")) {
                inPlace.add(output + "=" + input);
            }
        }
        return new Op("foldedScaleShift " + t, args, (x, o) -> {
            if (t == F) {
                BatchNorm.foldedScaleShift(c, (float[]) x[0], o[0], (float[]) x[1], o[1], (float[]) x[2], o[2],
                        (float[]) x[3], o[3], EPS, (float[]) x[4], o[4], (float[]) x[5], o[5]);
            } else {
                BatchNorm.foldedScaleShift(c, (double[]) x[0], o[0], (double[]) x[1], o[1], (double[]) x[2], o[2],
                        (double[]) x[3], o[3], EPS, (double[]) x[4], o[4], (double[]) x[5], o[5]);
            }
        }, inPlace);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void inPlaceWhereDocumentedAndNoOtherSharedElement(Op op) {
        OverlapHarness.assertInPlaceRuns(op.inPlace().size(), OverlapHarness.checkAll(op, op.name().hashCode()),
                op.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("large")
    void inPlaceOnSeveralThreads(Op op) {
        OverlapHarness.checkInPlace(op, op.name().hashCode());
    }

    /** The exception: x is read after the masked gradient, parked in gradIn, was written there. */
    @Test
    void theTrainingBackwardDoesNotTakeXAsGradInWhenTheMaskedGradientHasNoArray() {
        int n = SMALL.total(), c = SMALL.channels();
        float[] x = new float[n];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchNorm.backward(
                SMALL.batch(), c, SMALL.spatial(), x, 0, new float[n], 0, new float[n], 0, null, 0, new double[c],
                0, new double[c], 0, null, 0, x, 0, null, 0, null, 0, Parallelism.singleThread()));
        assertEquals("BatchNorm.backward: gradIn (" + n + " elements from offset 0: elements 0.." + (n - 1)
                + ") overlaps x (" + n + " elements from offset 0: elements 0.." + (n - 1) + ") in the same array;"
                + " an output must not share elements with an input (the result would depend on the order the"
                + " kernel reads and writes in)", e.getMessage());
    }
}
