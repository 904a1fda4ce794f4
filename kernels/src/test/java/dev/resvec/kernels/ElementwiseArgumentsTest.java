package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every kind of invalid argument of {@link Elementwise}, and the exact message it gets. */
class ElementwiseArgumentsTest {

    private static final float[] F10 = new float[10];
    private static final float[] F100 = new float[100];
    private static final double[] D10 = new double[10];

    private static void assertRejected(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test
    void nullArrays() {
        assertRejected("a is null", () -> Elementwise.add(1, null, 0, F10, 0, F10, 0));
        assertRejected("b is null", () -> Elementwise.addRelu(1, F10, 0, null, 0, F10, 0));
        assertRejected("out is null", () -> Elementwise.add(1, F10, 0, F10, 0, (float[]) null, 0));
        assertRejected("x is null", () -> Elementwise.relu(0, (float[]) null, 0, F10, 0)); // even when n = 0
        assertRejected("gradOut is null", () -> Elementwise.reluBackward(1, F10, 0, null, 0, F10, 0));
        assertRejected("gradIn is null", () -> Elementwise.reluBackward(1, F10, 0, F10, 0, null, 0));
        assertRejected("y is null", () -> Elementwise.axpy(1, 2f, F10, 0, null, 0));
        assertRejected("bias is null", () -> Elementwise.channelBias(1, 2, 3, F10, 0, null, 0, F10, 0));
        assertRejected("scale is null", () -> Elementwise.channelAffine(1, 2, 3, F10, 0, null, 0, F10, 0, F10, 0));
        assertRejected("shift is null", () -> Elementwise.channelAffine(1, 2, 3, F10, 0, F10, 0, null, 0, F10, 0));
        assertRejected("sum is null", () -> Elementwise.channelSums(1, 2, 3, F10, 0, null, 0, null, 0));
        assertRejected("x is null", () -> Elementwise.softmax(1, 2, (float[]) null, 0, 2, F10, 0, 2));
        assertRejected("out is null", () -> Elementwise.logSoftmax(1, 2, F10, 0, 2, null, 0, 2));
        assertRejected("out is null", () -> Elementwise.rowMax(1, 2, F10, 0, 2, null, 0));
        assertRejected("a is null", () -> Elementwise.add(1, null, 0, D10, 0, D10, 0));
    }

    @Test
    void negativeSizes() {
        assertRejected("n must be >= 0, got n=-1", () -> Elementwise.add(-1, F10, 0, F10, 0, F10, 0));
        assertRejected("n must be >= 0, got n=-5", () -> Elementwise.scale(-5, 1f, F10, 0, F10, 0));
        assertRejected("n must be >= 0, got n=-2", () -> Elementwise.axpy(-2, 1.0, D10, 0, D10, 0));
        assertRejected("batch must be >= 0, got batch=-1",
                () -> Elementwise.channelBias(-1, 2, 3, F10, 0, F10, 0, F10, 0));
        assertRejected("channels must be >= 0, got channels=-2",
                () -> Elementwise.channelAffine(1, -2, 3, F10, 0, F10, 0, F10, 0, F10, 0));
        assertRejected("spatial must be >= 0, got spatial=-3",
                () -> Elementwise.channelSums(1, 2, -3, F10, 0, D10, 0, null, 0));
        assertRejected("rows must be >= 0, got rows=-1", () -> Elementwise.softmax(-1, 2, F10, 0, 2, F10, 0, 2));
        assertRejected("cols must be >= 0, got cols=-4", () -> Elementwise.logSoftmax(1, -4, F10, 0, 2, F10, 0, 2));
    }

    @Test
    void negativeOffsets() {
        assertRejected("offA must be >= 0, got offA=-1", () -> Elementwise.add(1, F10, -1, F10, 0, F10, 0));
        assertRejected("offB must be >= 0, got offB=-2", () -> Elementwise.add(0, F10, 0, F10, -2, F10, 0));
        assertRejected("offOut must be >= 0, got offOut=-3", () -> Elementwise.relu(1, F10, 0, F10, -3));
        assertRejected("offG must be >= 0, got offG=-1", () -> Elementwise.reluBackward(1, F10, 0, F10, -1, F10, 0));
        assertRejected("offY must be >= 0, got offY=-7", () -> Elementwise.axpy(1, 1f, F10, 0, F10, -7));
        assertRejected("offBias must be >= 0, got offBias=-1",
                () -> Elementwise.channelBias(1, 2, 3, F10, 0, F10, -1, F10, 0));
        assertRejected("offSumSq must be >= 0, got offSumSq=-1",
                () -> Elementwise.channelSums(1, 2, 3, F10, 0, D10, 0, D10, -1));
        assertRejected("offX must be >= 0, got offX=-1", () -> Elementwise.rowMax(1, 2, F10, -1, 2, F10, 0));
        assertRejected("offOut must be >= 0, got offOut=-1", () -> Elementwise.softmax(1, 2, D10, 0, 2, D10, -1, 2));
    }

    @Test
    void arraysTooShort() {
        assertRejected("b is too short: n=100 from offB=10 needs 110 elements, got 50",
                () -> Elementwise.add(100, F100, 0, new float[50], 10, F100, 0));
        assertRejected("a is too short: n=10 from offA=1 needs 11 elements, got 10",
                () -> Elementwise.addRelu(10, F10, 1, F100, 0, F100, 0));
        assertRejected("out is too short: n=11 from offOut=0 needs 11 elements, got 10",
                () -> Elementwise.add(11, F100, 0, F100, 0, F10, 0, Parallelism.defaults()));
        assertRejected("gradIn is too short: n=20 from offGradIn=0 needs 20 elements, got 10",
                () -> Elementwise.reluBackward(20, F100, 0, F100, 0, F10, 0));
        assertRejected("y is too short: n=10 from offY=5 needs 15 elements, got 10",
                () -> Elementwise.axpy(10, 1.0, new double[100], 0, D10, 5));
        assertRejected("x is too short: batch*channels*spatial=2*3*4=24 from offX=0 needs 24 elements, got 10",
                () -> Elementwise.channelBias(2, 3, 4, F10, 0, F10, 0, F100, 0));
        assertRejected("out is too short: batch*channels*spatial=2*3*4=24 from offOut=80 needs 104 elements, got 100",
                () -> Elementwise.channelAffine(2, 3, 4, F100, 0, F10, 0, F10, 0, F100, 80));
        assertRejected("bias is too short: channels=3 from offBias=8 needs 11 elements, got 10",
                () -> Elementwise.channelBias(2, 3, 4, F100, 0, F10, 8, F100, 0));
        assertRejected("shift is too short: channels=12 from offShift=0 needs 12 elements, got 10",
                () -> Elementwise.channelAffine(2, 12, 4, F100, 0, F100, 0, F10, 0, F100, 0));
        assertRejected("sumSq is too short: channels=12 from offSumSq=0 needs 12 elements, got 10",
                () -> Elementwise.channelSums(2, 12, 4, F100, 0, new double[12], 0, D10, 0));
        assertRejected("x is too short: rows=3, cols=4, ldx=5 from offX=0 needs 14 elements, got 10",
                () -> Elementwise.softmax(3, 4, F10, 0, 5, F100, 0, 4));
        assertRejected("out is too short: rows=3, cols=4, ldOut=40 from offOut=1 needs 85 elements, got 10",
                () -> Elementwise.logSoftmax(3, 4, new double[100], 0, 4, D10, 1, 40));
        assertRejected("out is too short: rows=11 from offOut=0 needs 11 elements, got 10",
                () -> Elementwise.rowMax(11, 1, F100, 0, 1, F10, 0));
    }

    @Test
    void sizesThatOverflowAnIntAreReportedAsTooShort() {
        assertRejected("x is too short: batch*channels*spatial=100000*100000*1000=10000000000000 from offX=0 needs "
                        + "10000000000000 elements, got 10",
                () -> Elementwise.channelSums(100_000, 100_000, 1000, F10, 0, D10, 0, null, 0));
        assertRejected("x is too short: rows=2147483647, cols=2, ldx=2147483647 from offX=0 needs "
                        + "4611686011984936964 elements, got 10",
                () -> Elementwise.rowMax(Integer.MAX_VALUE, 2, F10, 0, Integer.MAX_VALUE, F10, 0));
        assertRejected("b is too short: n=10 from offB=2147483647 needs 2147483657 elements, got 10",
                () -> Elementwise.add(10, F10, 0, F10, Integer.MAX_VALUE, F10, 0));
    }

    @Test
    void leadingDimensionsAndEmptyRows() {
        assertRejected("ldx must be >= cols, got ldx=3, cols=4", () -> Elementwise.softmax(1, 4, F10, 0, 3, F10, 0, 4));
        assertRejected("ldOut must be >= cols, got ldOut=-1, cols=0",
                () -> Elementwise.softmax(0, 0, F10, 0, 0, F10, 0, -1));
        assertRejected("ldx must be >= cols, got ldx=1, cols=2", () -> Elementwise.rowMax(1, 2, D10, 0, 1, D10, 0));
        assertRejected("cols must be >= 1 (the maximum of an empty row is undefined), got cols=0 with rows=2",
                () -> Elementwise.rowMax(2, 0, F10, 0, 0, F10, 0));
    }

    @Test
    void nullParallelism() {
        assertRejected("parallelism is null (use Parallelism.singleThread() or Parallelism.defaults())",
                () -> Elementwise.add(1, F10, 0, F10, 0, F10, 0, null));
        assertRejected("parallelism is null (use Parallelism.singleThread() or Parallelism.defaults())",
                () -> Elementwise.addRelu(1, F10, 0, F10, 0, F10, 0, null));
    }

    @Test
    void emptyCallsTouchNothingAndAreLegal() {
        float[] empty = new float[0];
        assertDoesNotThrow(() -> {
            Elementwise.add(0, empty, 0, empty, 0, empty, 0);
            Elementwise.add(0, empty, 5, empty, 5, empty, 5, Parallelism.threads(4)); // nothing touched
            Elementwise.reluBackward(0, empty, 0, empty, 0, empty, 0);
            Elementwise.channelAffine(0, 3, 7, empty, 0, F10, 0, F10, 0, empty, 0);
            Elementwise.channelBias(5, 0, 7, empty, 0, empty, 0, empty, 0);
            Elementwise.channelSums(1, 3, 0, empty, 0, D10, 0, null, 0);
            Elementwise.rowMax(0, 0, empty, 0, 0, empty, 0);
            Elementwise.softmax(3, 0, empty, 0, 0, empty, 0, 0);
            Elementwise.logSoftmax(0, 5, empty, 0, 5, empty, 0, 5);
        });
    }
}
