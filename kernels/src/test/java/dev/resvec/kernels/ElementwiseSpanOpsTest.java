package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseTestSupport.U;
import static dev.resvec.kernels.ElementwiseTestSupport.assertClose;
import static dev.resvec.kernels.ElementwiseTestSupport.assertExact;
import static dev.resvec.kernels.ElementwiseTestSupport.assertOnlySpanWritten;
import static dev.resvec.kernels.ElementwiseTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.ElementwiseTestSupport.Lengths;
import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import dev.resvec.kernels.ElementwiseTestSupport.Target;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * add, addRelu, relu, reluBackward, axpy and scale on every backend and through the facade, against a reference
 * computed here in double from the same inputs.
 *
 * <p>Tolerances. {@code a + b}, {@code alpha·x} and max are exact: the double result of two floats, rounded to
 * float, is the correctly rounded float result (double has more than 2·24 + 2 bits), so every backend must match
 * the rounded double reference bit for bit. {@code y + alpha·x} (axpy, and the per-channel affine) has one rounding
 * with FMA and two without, so it may differ from the rounded double by at most {@code 2u·(|alpha·x| + |y|)} plus
 * one subnormal step, u = 2^-24.
 */
class ElementwiseSpanOpsTest {

    /** One of three layouts of the output: its own array, in place over the first input, in place over the second. */
    private static final int OWN = 0;
    private static final int OVER_FIRST = 1;
    private static final int OVER_SECOND = 2;

    @Property(tries = 150, seed = TestSeeds.SEED)
    void add(@ForAll(supplier = Lengths.class) int n, @ForAll(supplier = Offsets.class) int offA,
             @ForAll(supplier = Offsets.class) int offB, @ForAll(supplier = Offsets.class) int offOut,
             @ForAll long seed, @ForAll boolean relu, @ForAll("layouts") int layout) {
        checkAdd(n, offA, offB, offOut, seed, relu, layout);
    }

    /**
     * Lengths around 2^17, where the vector add starts its vector loop at a cache line's element
     * ({@code VectorElementwise.lead}: up to 15 scalar elements first), with offsets that give every peel length.
     */
    @Property(tries = 40, seed = TestSeeds.SEED)
    void addWherePeeled(@ForAll @IntRange(min = (1 << 17) - 3, max = (1 << 17) + 40) int n,
                        @ForAll @IntRange(max = 31) int offA, @ForAll @IntRange(max = 31) int offB,
                        @ForAll @IntRange(max = 31) int offOut, @ForAll long seed, @ForAll boolean relu,
                        @ForAll("layouts") int layout) {
        checkAdd(n, offA, offB, offOut, seed, relu, layout);
    }

    private static void checkAdd(int n, int offA, int offB, int offOut, long seed, boolean relu, int layout) {
        Random r = new Random(seed);
        float[] a = randomFloats(r, offA + n + r.nextInt(5), 100f);
        float[] b = randomFloats(r, offB + n + r.nextInt(5), 100f);
        float[] outInit = randomFloats(r, offOut + n + r.nextInt(5), 100f);
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) {
            double s = (double) a[offA + i] + b[offB + i];
            ref[i] = relu ? Math.max(s, 0.0) : s;
        }
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] ac = a.clone();
            float[] bc = b.clone();
            float[] out = layout == OVER_FIRST ? ac : layout == OVER_SECOND ? bc : outInit.clone();
            int oo = layout == OVER_FIRST ? offA : layout == OVER_SECOND ? offB : offOut;
            float[] before = out.clone();
            if (relu) {
                t.kernels().addRelu(n, ac, offA, bc, offB, out, oo);
            } else {
                t.kernels().add(n, ac, offA, bc, offB, out, oo);
            }
            String what = t.name() + (relu ? " addRelu" : " add") + " layout " + layout;
            for (int i = 0; i < n; i++) {
                assertExact(what, i, ref[i], out[oo + i]);
            }
            assertOnlySpanWritten(what, before, out, oo, n);
        }
    }

    @Provide
    Arbitrary<Integer> layouts() {
        return Arbitraries.of(OWN, OVER_FIRST, OVER_SECOND);
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void relu(@ForAll(supplier = Lengths.class) int n, @ForAll(supplier = Offsets.class) int offX,
              @ForAll(supplier = Offsets.class) int offOut, @ForAll long seed, @ForAll boolean inPlace) {
        Random r = new Random(seed);
        float[] x = randomFloats(r, offX + n + r.nextInt(5), 10f);
        float[] outInit = randomFloats(r, offOut + n + r.nextInt(5), 10f);
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] xc = x.clone();
            float[] out = inPlace ? xc : outInit.clone();
            int oo = inPlace ? offX : offOut;
            float[] before = out.clone();
            t.kernels().relu(n, xc, offX, out, oo);
            for (int i = 0; i < n; i++) {
                assertExact(t.name() + " relu", i, Math.max((double) x[offX + i], 0.0), out[oo + i]);
            }
            assertOnlySpanWritten(t.name() + " relu", before, out, oo, n);
        }
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void reluBackward(@ForAll(supplier = Lengths.class) int n, @ForAll(supplier = Offsets.class) int offX,
                      @ForAll(supplier = Offsets.class) int offG, @ForAll(supplier = Offsets.class) int offIn,
                      @ForAll long seed, @ForAll boolean inPlace) {
        Random r = new Random(seed);
        float[] x = randomFloats(r, offX + n + r.nextInt(5), 1f); // one in 16 values is ±0 or ±1: the kink is hit
        float[] g = randomFloats(r, offG + n + r.nextInt(5), 10f);
        float[] inInit = randomFloats(r, offIn + n + r.nextInt(5), 10f);
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] gc = g.clone();
            float[] gradIn = inPlace ? gc : inInit.clone();
            int oi = inPlace ? offG : offIn;
            float[] before = gradIn.clone();
            t.kernels().reluBackward(n, x.clone(), offX, gc, offG, gradIn, oi);
            for (int i = 0; i < n; i++) {
                double expected = x[offX + i] > 0 ? g[offG + i] : 0.0;
                assertExact(t.name() + " reluBackward", i, expected, gradIn[oi + i]);
            }
            assertOnlySpanWritten(t.name() + " reluBackward", before, gradIn, oi, n);
        }
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void axpy(@ForAll(supplier = Lengths.class) int n, @ForAll(supplier = Offsets.class) int offX,
              @ForAll(supplier = Offsets.class) int offY, @ForAll @FloatRange(min = -10, max = 10) float alpha,
              @ForAll long seed) {
        Random r = new Random(seed);
        float[] x = randomFloats(r, offX + n + r.nextInt(5), 100f);
        float[] y = randomFloats(r, offY + n + r.nextInt(5), 100f);
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] yc = y.clone();
            t.kernels().axpy(n, alpha, x.clone(), offX, yc, offY);
            for (int i = 0; i < n; i++) {
                double p = (double) alpha * x[offX + i];
                double yi = y[offY + i];
                assertClose(t.name() + " axpy alpha=" + alpha, i, yi + p, yc[offY + i],
                        2 * U * (Math.abs(p) + Math.abs(yi)) + Float.MIN_VALUE);
            }
            assertOnlySpanWritten(t.name() + " axpy", y, yc, offY, n);
        }
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void scale(@ForAll(supplier = Lengths.class) int n, @ForAll(supplier = Offsets.class) int offX,
               @ForAll(supplier = Offsets.class) int offOut, @ForAll @FloatRange(min = -10, max = 10) float alpha,
               @ForAll long seed, @ForAll boolean inPlace) {
        Random r = new Random(seed);
        float[] x = randomFloats(r, offX + n + r.nextInt(5), 100f);
        float[] outInit = randomFloats(r, offOut + n + r.nextInt(5), 100f);
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] xc = x.clone();
            float[] out = inPlace ? xc : outInit.clone();
            int oo = inPlace ? offX : offOut;
            float[] before = out.clone();
            t.kernels().scale(n, alpha, xc, offX, out, oo);
            for (int i = 0; i < n; i++) {
                assertExact(t.name() + " scale alpha=" + alpha, i, (double) alpha * x[offX + i], out[oo + i]);
            }
            assertOnlySpanWritten(t.name() + " scale", before, out, oo, n);
        }
    }

    @Test
    void reluOfNegativeZeroIsPositiveZeroAndNaNPropagates() {
        float[] x = {-0f, 0f, Float.NaN, -1f, 2f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, Float.NaN};
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] out = new float[x.length];
            t.kernels().relu(x.length, x, 0, out, 0);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToIntBits(Math.max(x[i], 0f)), Float.floatToIntBits(out[i]),
                        t.name() + " relu(" + x[i] + ") at " + i);
            }
        }
    }
}
