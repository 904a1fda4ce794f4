package dev.resvec.kernels;

import static dev.resvec.kernels.PoolTestSupport.E;
import static dev.resvec.kernels.PoolTestSupport.U;
import static dev.resvec.kernels.PoolTestSupport.assertClose;
import static dev.resvec.kernels.PoolTestSupport.assertOutsideUnchanged;
import static dev.resvec.kernels.PoolTestSupport.assertSameBits;
import static dev.resvec.kernels.PoolTestSupport.start;
import static dev.resvec.kernels.PoolTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import dev.resvec.kernels.PoolTestSupport.Shapes;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.pool.PoolBackends;
import dev.resvec.kernels.internal.pool.PoolKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Max pooling, float (every backend's kernel and the facade) and double, against the definition written here independently of the kernels' loop: the
 * window's maximum over its input elements (padding never wins), the index of its <em>first</em> occurrence in
 * row-major order, and where the window holds a NaN, that NaN and the index of the <em>last</em> one (PyTorch's CPU
 * kernel moves to every NaN it meets). Backward: the scatter-add of the output gradients to those indices,
 * against a double sum; float adds in output order err by at most {@code (m − 1)·u·Σ|g|} over the m gradients that
 * reach an element (sequential sum from an exact first term), double ones by {@code (m − 1)·ε·Σ|g|}.
 */
class PoolMaxTest {

    /** A float max-pooling forward under test: a backend's kernels called directly, or the facade. */
    private record Target(String name, PoolKernels kernels) {}

    private static List<Target> targets() {
        List<Target> list = new ArrayList<>();
        for (Backend b : TestBackends.all()) {
            list.add(new Target(b.provider().describe(), PoolBackends.of(b)));
        }
        list.add(new Target("Pooling facade on " + Kernels.provider().name(), Pooling::maxForward));
        return list;
    }

    /** The expected argmax index (in the plane) of window (oy, ox) of plane p, from the definition. */
    private static int expectedIndex(PoolShape s, double[] x, int offX, int p, int oy, int ox) {
        int plane = offX + p * s.height() * s.width();
        int lastNaN = -1;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = start(oy, s.strideH(), s.padH()); y < start(oy, s.strideH(), s.padH()) + s.kernelH(); y++) {
            for (int xx = start(ox, s.strideW(), s.padW()); xx < start(ox, s.strideW(), s.padW()) + s.kernelW(); xx++) {
                if (y < 0 || y >= s.height() || xx < 0 || xx >= s.width()) {
                    continue; // padding: −∞, never the maximum of a window that holds an input element
                }
                double v = x[plane + y * s.width() + xx];
                if (Double.isNaN(v)) {
                    lastNaN = y * s.width() + xx;
                } else {
                    max = Math.max(max, v);
                }
            }
        }
        if (lastNaN >= 0) {
            return lastNaN;
        }
        for (int y = start(oy, s.strideH(), s.padH()); y < start(oy, s.strideH(), s.padH()) + s.kernelH(); y++) {
            for (int xx = start(ox, s.strideW(), s.padW()); xx < start(ox, s.strideW(), s.padW()) + s.kernelW(); xx++) {
                boolean inInput = y >= 0 && y < s.height() && xx >= 0 && xx < s.width();
                if (inInput && x[plane + y * s.width() + xx] == max) { // == : the first of +0 and −0 too
                    return y * s.width() + xx;
                }
            }
        }
        throw new AssertionError("a window without input elements: " + s.describe());
    }

    /** A ResNet stem's pooling, 3×3 stride 2, on rows wide enough for whole vector blocks away from the edges. */
    static final class StemShapes implements ArbitrarySupplier<PoolShape> {
        @Override
        public Arbitrary<PoolShape> get() {
            return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(3, 12),
                    Arbitraries.integers().between(33, 120), Arbitraries.integers().between(0, 1))
                    .as((c, h, w, pad) -> new PoolShape(1, c, h, w, 3, 3, 2, 2, pad, pad));
        }
    }

    /**
     * The stem's pooling on data of the usual kinds, or (signedZeros) of −1, −0 and +0 only, so that many windows
     * peak at a zero of either sign and the first of them must win.
     */
    @Property(tries = 60, seed = TestSeeds.SEED)
    void stemPoolingForwardAndBackward(@ForAll(supplier = StemShapes.class) PoolShape s,
                                       @ForAll(supplier = Offsets.class) int offIn,
                                       @ForAll(supplier = Offsets.class) int offOut, @ForAll long seed,
                                       @ForAll boolean ties, @ForAll boolean specials, @ForAll boolean withIndices,
                                       @ForAll boolean signedZeros) {
        Random r = new Random(seed);
        float[] in = PoolTestSupport.data(r, offIn + s.inputSize() + 3, ties, specials);
        if (signedZeros) {
            float[] choices = {-1f, -0f, 0f};
            for (int i = 0; i < in.length; i++) {
                in[i] = choices[r.nextInt(choices.length)];
            }
        }
        check(s, in, offIn, offOut, 0, r, withIndices);
    }

    @Property(tries = 200, seed = TestSeeds.SEED)
    void forwardAndBackward(@ForAll(supplier = Shapes.class) PoolShape s, @ForAll(supplier = Offsets.class) int offIn,
                            @ForAll(supplier = Offsets.class) int offOut, @ForAll(supplier = Offsets.class) int offIdx,
                            @ForAll long seed, @ForAll boolean ties, @ForAll boolean specials,
                            @ForAll boolean withIndices) {
        Random r = new Random(seed);
        check(s, PoolTestSupport.data(r, offIn + s.inputSize() + 3, ties, specials), offIn, offOut, offIdx, r,
                withIndices);
    }

    /** Forward (every target, float and double) and backward of {@code s} on {@code in} from {@code offIn}. */
    private static void check(PoolShape s, float[] in, int offIn, int offOut, int offIdx, Random r,
                              boolean withIndices) {
        double[] inD = toDouble(in);
        int nOut = s.outputSize();
        int planeOut = s.outHeight() * s.outWidth();
        int[] expected = new int[nOut];
        for (int p = 0, o = 0; p < s.planes(); p++) {
            for (int oy = 0; oy < s.outHeight(); oy++) {
                for (int ox = 0; ox < s.outWidth(); ox++, o++) {
                    expected[o] = expectedIndex(s, inD, offIn, p, oy, ox);
                }
            }
        }
        String what = "max pooling " + s.describe();

        for (Target t : targets()) {
            float[] out = PoolTestSupport.data(r, offOut + nOut + 2, false, false);
            float[] outBefore = out.clone();
            int[] idx = withIndices ? new int[offIdx + nOut + 2] : null;
            t.kernels.maxForward(s, in, offIn, out, offOut, idx, offIdx);
            for (int o = 0; o < nOut; o++) {
                int planeIn = offIn + o / planeOut * s.height() * s.width();
                assertSameBits(what + " " + t.name + " out", o, in[planeIn + expected[o]], out[offOut + o]);
                if (withIndices) {
                    assertEquals(expected[o], idx[offIdx + o], what + " " + t.name + " index at " + o);
                }
            }
            assertOutsideUnchanged(what + " out", outBefore, out, offOut, nOut);
            if (withIndices) {
                assertEquals(0, idx[offIdx + nOut]);
                for (int i = 0; i < offIdx; i++) {
                    assertEquals(0, idx[i], what + " index written before offIdx");
                }
            }
        }
        double[] outD = new double[offOut + nOut];
        int[] idxD = new int[nOut];
        Pooling.maxForward(s, inD, offIn, outD, offOut, idxD, 0);
        for (int o = 0; o < nOut; o++) {
            int planeIn = offIn + o / planeOut * s.height() * s.width();
            assertEquals(Double.doubleToLongBits(inD[planeIn + expected[o]]), Double.doubleToLongBits(outD[offOut + o]),
                    what + " double out at " + o);
            assertEquals(expected[o], idxD[o], what + " double index at " + o);
        }

        // backward, through the expected indices placed at offIdx
        int[] indices = new int[offIdx + nOut];
        System.arraycopy(expected, 0, indices, offIdx, nOut);
        float[] g = PoolTestSupport.data(r, offOut + nOut + 1, false, false);
        double[] refSum = new double[s.inputSize()];
        double[] refAbs = new double[s.inputSize()];
        int[] count = new int[s.inputSize()];
        for (int o = 0; o < nOut; o++) {
            int i = o / planeOut * s.height() * s.width() + expected[o];
            refSum[i] += g[offOut + o];
            refAbs[i] += Math.abs(g[offOut + o]);
            count[i]++;
        }
        float[] gradIn = PoolTestSupport.data(r, offIn + s.inputSize() + 2, false, true); // garbage: overwritten
        float[] gradBefore = gradIn.clone();
        Pooling.maxBackward(s, g, offOut, indices, offIdx, gradIn, offIn);
        double[] gradInD = new double[offIn + s.inputSize()];
        Arrays.fill(gradInD, Double.NaN);
        Pooling.maxBackward(s, toDouble(g), offOut, indices, offIdx, gradInD, offIn);
        for (int i = 0; i < s.inputSize(); i++) {
            int m = Math.max(count[i] - 1, 0);
            assertClose(what + " float gradIn", i, refSum[i], gradIn[offIn + i], m * U * refAbs[i]);
            assertClose(what + " double gradIn", i, refSum[i], gradInD[offIn + i], m * E * refAbs[i]);
        }
        assertOutsideUnchanged(what + " gradIn", gradBefore, gradIn, offIn, s.inputSize());
    }

    @Test
    void tiesGoToTheFirstMaximumAndPaddingNeverWins() {
        // 1 plane 3×3, kernel 2, stride 1, pad 1: 4×4 outputs; all values equal to −1 (below the padding's 0 if it
        // were zero padding: max pooling pads with −∞).
        PoolShape s = new PoolShape(1, 1, 3, 3, 2, 2, 1, 1, 1, 1);
        float[] in = new float[9];
        Arrays.fill(in, -1f);
        float[] out = new float[16];
        int[] idx = new int[16];
        Pooling.maxForward(s, in, 0, out, 0, idx, 0);
        float[] minusOnes = new float[16];
        Arrays.fill(minusOnes, -1f);
        assertArrayEquals(minusOnes, out);
        // each window's first input element in row-major order
        assertArrayEquals(new int[] {0, 0, 1, 2, 0, 0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8}, idx);
    }

    @Test
    void nanPropagatesWithTheLastNaNsIndex() {
        PoolShape s = PoolShape.of(1, 1, 2, 2, 2, 1, 0);
        float[] out = new float[1];
        int[] idx = new int[1];
        Pooling.maxForward(s, new float[] {1, Float.NaN, 5, Float.NaN}, 0, out, 0, idx, 0);
        assertEquals(Float.NaN, out[0]);
        assertEquals(3, idx[0]);
        Pooling.maxForward(s, new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY}, 0, out, 0, idx, 0);
        assertEquals(Float.NEGATIVE_INFINITY, out[0]);
        assertEquals(0, idx[0]);
    }

    @Test
    void overlappingWindowsSharingAMaximumAddTheirGradients() {
        // 1×5, kernel 3, stride 1: three windows all holding the maximum at index 2
        PoolShape s = new PoolShape(1, 1, 1, 5, 1, 3, 1, 1, 0, 0);
        float[] out = new float[3];
        int[] idx = new int[3];
        Pooling.maxForward(s, new float[] {0, 1, 9, 1, 0}, 0, out, 0, idx, 0);
        assertArrayEquals(new int[] {2, 2, 2}, idx);
        float[] gradIn = {5, 5, 5, 5, 5};
        Pooling.maxBackward(s, new float[] {1, 2, 4}, 0, idx, 0, gradIn, 0);
        assertArrayEquals(new float[] {0, 0, 7, 0, 0}, gradIn);
    }
}
