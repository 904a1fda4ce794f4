package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseTestSupport.U;
import static dev.resvec.kernels.ElementwiseTestSupport.assertClose;
import static dev.resvec.kernels.ElementwiseTestSupport.assertExact;
import static dev.resvec.kernels.ElementwiseTestSupport.assertOnlyBlockWritten;
import static dev.resvec.kernels.ElementwiseTestSupport.assertOnlySpanWritten;
import static dev.resvec.kernels.ElementwiseTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.ElementwiseTestSupport.Lengths;
import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import dev.resvec.kernels.ElementwiseTestSupport.RowPadding;
import dev.resvec.kernels.ElementwiseTestSupport.Rows;
import dev.resvec.kernels.ElementwiseTestSupport.Target;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * rowMax, softmax and logSoftmax over strided rows on every backend and through the facade, against references
 * computed here in double from the same float inputs.
 *
 * <p>Tolerances (u = 2^-24). rowMax is exact. For softmax, with {@code d = x - max} per element, the vector
 * provider rounds d ({@code u·|d|} relative to the result), evaluates exp within about one ulp, sums the
 * exponentials in float blocks (at most {@link ElementwiseChannelOpsTest#SUM_ROUNDINGS}{@code ·u} relative: all
 * terms are positive) and multiplies by a rounded reciprocal; so the test allows
 * {@code (SUM_ROUNDINGS + 8 + |d|)·u} relative error, plus {@link Float#MIN_NORMAL} absolute for results in the
 * subnormal range (where float exp may flush to zero). That is about 5e-6 relative for the elements that carry
 * the probability mass. For log-softmax the result is {@code d - log S}: the roundings of d, of log S and of the
 * difference are each at most {@code u·|result|} (|d| and log S are both at most |result|), and the relative error
 * of S becomes an absolute one: {@code 3u·|result| + (SUM_ROUNDINGS + 8)·u}.
 */
class ElementwiseRowOpsTest {

    private static final double SOFTMAX_REL = (ElementwiseChannelOpsTest.SUM_ROUNDINGS + 8) * U;

    @Provide
    Arbitrary<Float> valueScales() {
        // 1e30: rows spanning 2e30, where anything but max-subtraction overflows; 100: exp(±100) overflows float.
        return Arbitraries.of(0.01f, 1f, 10f, 30f, 100f, 1e4f, 1e30f);
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void rowMax(@ForAll(supplier = Rows.class) int rows, @ForAll(supplier = Lengths.class) int colsAny,
                @ForAll(supplier = RowPadding.class) int pad, @ForAll(supplier = Offsets.class) int offX,
                @ForAll(supplier = Offsets.class) int offOut, @ForAll("valueScales") float scale,
                @ForAll long seed) {
        int cols = Math.max(1, colsAny);
        int ldx = cols + pad;
        Random r = new Random(seed);
        float[] x = randomFloats(r, offX + rows * ldx + r.nextInt(5), scale);
        float[] outInit = randomFloats(r, offOut + rows + r.nextInt(5), scale);
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] out = outInit.clone();
            t.kernels().rowMax(rows, cols, x.clone(), offX, ldx, out, offOut);
            for (int row = 0; row < rows; row++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    m = Math.max(m, x[offX + row * ldx + j]);
                }
                assertExact(t.name() + " rowMax " + rows + "x" + cols + " ld " + ldx, row, m, out[offOut + row]);
            }
            assertOnlySpanWritten(t.name() + " rowMax", outInit, out, offOut, rows);
        }
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void softmax(@ForAll(supplier = Rows.class) int rows, @ForAll(supplier = Lengths.class) int cols,
                 @ForAll(supplier = RowPadding.class) int padX, @ForAll(supplier = RowPadding.class) int padOut,
                 @ForAll(supplier = Offsets.class) int offX, @ForAll(supplier = Offsets.class) int offOut,
                 @ForAll("valueScales") float scale, @ForAll long seed, @ForAll boolean inPlace) {
        rowWise(false, rows, cols, padX, padOut, offX, offOut, scale, seed, inPlace);
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void logSoftmax(@ForAll(supplier = Rows.class) int rows, @ForAll(supplier = Lengths.class) int cols,
                    @ForAll(supplier = RowPadding.class) int padX, @ForAll(supplier = RowPadding.class) int padOut,
                    @ForAll(supplier = Offsets.class) int offX, @ForAll(supplier = Offsets.class) int offOut,
                    @ForAll("valueScales") float scale, @ForAll long seed, @ForAll boolean inPlace) {
        rowWise(true, rows, cols, padX, padOut, offX, offOut, scale, seed, inPlace);
    }

    private static void rowWise(boolean log, int rows, int cols, int padX, int padOut, int offX, int offOut,
                                float scale, long seed, boolean inPlace) {
        Random r = new Random(seed);
        int ldx = cols + padX;
        float[] x = randomFloats(r, offX + rows * ldx + r.nextInt(5), scale);
        float[] outInit = randomFloats(r, offOut + rows * (cols + padOut) + r.nextInt(5), 1f);
        double[][] ref = new double[rows][];
        double[][] dist = new double[rows][];
        for (int row = 0; row < rows; row++) {
            ref[row] = new double[cols];
            dist[row] = new double[cols];
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, x[offX + row * ldx + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                dist[row][j] = x[offX + row * ldx + j] - m;
                s += Math.exp(dist[row][j]);
            }
            for (int j = 0; j < cols; j++) {
                ref[row][j] = log ? dist[row][j] - Math.log(s) : Math.exp(dist[row][j]) / s;
            }
        }
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] xc = x.clone();
            float[] out = inPlace ? xc : outInit.clone();
            int oo = inPlace ? offX : offOut;
            int ldOut = inPlace ? ldx : cols + padOut;
            float[] before = out.clone();
            if (log) {
                t.kernels().logSoftmax(rows, cols, xc, offX, ldx, out, oo, ldOut);
            } else {
                t.kernels().softmax(rows, cols, xc, offX, ldx, out, oo, ldOut);
            }
            String what = t.name() + (log ? " logSoftmax " : " softmax ") + rows + "x" + cols + " ldx " + ldx
                    + " ldOut " + ldOut + " scale " + scale + (inPlace ? " in place" : "");
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < cols; j++) {
                    float got = out[oo + row * ldOut + j];
                    double e = ref[row][j];
                    assertTrue(Float.isFinite(got), what + ": not finite at " + row + "," + j + ": " + got);
                    double tol = log
                            ? 3 * U * Math.abs(e) + SOFTMAX_REL
                            : (SOFTMAX_REL + U * Math.abs(dist[row][j])) * e + Float.MIN_NORMAL;
                    assertClose(what + " row " + row, j, e, got, tol);
                }
            }
            assertOnlyBlockWritten(what, before, out, oo, rows, cols, ldOut);
        }
    }

    @Test
    void softmaxOfExtremeRowsIsStable() {
        float big = Float.MAX_VALUE / 4;
        float[][] rows = {
            {1000f, 1000f},                         // exp(1000) overflows even double: must be 0.5, 0.5
            {-1000f, -1000f, -1000f, -1000f},       // exp(-1000) underflows: must be 0.25 each
            {big, -big, 0f},                        // differences near the float range: one-hot
            {88.8f, 89f, 100f, -100f, 0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f},
            {5f},                                   // a single element: exactly 1 (log: 0)
        };
        for (Target t : ElementwiseTestSupport.targets()) {
            for (float[] x : rows) {
                float[] p = new float[x.length];
                float[] lp = new float[x.length];
                t.kernels().softmax(1, x.length, x, 0, x.length, p, 0, x.length);
                t.kernels().logSoftmax(1, x.length, x, 0, x.length, lp, 0, x.length);
                double sum = 0;
                for (int j = 0; j < x.length; j++) {
                    assertTrue(Float.isFinite(p[j]) && p[j] >= 0 && p[j] <= 1, t.name() + " softmax " + p[j]);
                    assertTrue(!Float.isNaN(lp[j]) && lp[j] <= 0, t.name() + " logSoftmax " + lp[j]);
                    sum += p[j];
                }
                assertEquals(1.0, sum, 1e-6, t.name() + " softmax row sum");
            }
            float[] p = new float[2];
            t.kernels().softmax(1, 2, rows[0], 0, 2, p, 0, 2);
            assertEquals(0.5f, p[0], t.name());
            t.kernels().softmax(1, 1, rows[4], 0, 1, p, 0, 1);
            assertEquals(1f, p[0], t.name());
            t.kernels().logSoftmax(1, 1, rows[4], 0, 1, p, 0, 1);
            assertEquals(0f, p[0], t.name());
            float[] oneHot = new float[3];
            t.kernels().softmax(1, 3, rows[2], 0, 3, oneHot, 0, 3);
            assertEquals(1f, oneHot[0], t.name());
            assertEquals(0f, oneHot[1] + oneHot[2], t.name());
        }
    }
}
