package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseTestSupport.assertClose;
import static dev.resvec.kernels.ElementwiseTestSupport.randomDoubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.ElementwiseTestSupport.Batches;
import dev.resvec.kernels.ElementwiseTestSupport.Channels;
import dev.resvec.kernels.ElementwiseTestSupport.Lengths;
import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import dev.resvec.kernels.ElementwiseTestSupport.RowPadding;
import dev.resvec.kernels.ElementwiseTestSupport.Rows;
import dev.resvec.kernels.ElementwiseTestSupport.Spatials;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The double-precision entries of {@link Elementwise} (the scalar reference that float64 tensors run) against
 * independent expressions: the defining formula element by element (exact: the same double operations), sums in
 * another order (relative 1e-12 of Σ|x|), and softmax computed the naive way, {@code exp(x) / Σ exp(x)} without
 * subtracting the maximum, on values small enough for that to be accurate (relative 1e-12).
 */
class ElementwiseDoubleTest {

    @Property(tries = 100, seed = TestSeeds.SEED)
    void elementwise(@ForAll(supplier = Lengths.class) int n, @ForAll(supplier = Offsets.class) int offA,
                     @ForAll(supplier = Offsets.class) int offB, @ForAll @DoubleRange(min = -5, max = 5) double alpha,
                     @ForAll long seed, @ForAll boolean inPlace) {
        Random r = new Random(seed);
        double[] a = randomDoubles(r, offA + n + 2, 100);
        double[] b = randomDoubles(r, offB + n + 2, 100);
        int offOut = inPlace ? offA : 3;
        for (String op : new String[] {"add", "addRelu", "relu", "reluBackward", "axpy", "scale"}) {
            double[] out = inPlace ? a.clone() : new double[offOut + n];
            double[] in = inPlace ? out : a.clone();
            switch (op) {
                case "add" -> Elementwise.add(n, in, offA, b, offB, out, offOut);
                case "addRelu" -> Elementwise.addRelu(n, in, offA, b, offB, out, offOut);
                case "relu" -> Elementwise.relu(n, in, offA, out, offOut);
                case "reluBackward" -> Elementwise.reluBackward(n, b, offB, in, offA, out, offOut);
                case "axpy" -> {
                    out = b.clone();
                    Elementwise.axpy(n, alpha, a, offA, out, offB);
                }
                default -> Elementwise.scale(n, alpha, in, offA, out, offOut);
            }
            for (int i = 0; i < n; i++) {
                double ai = a[offA + i];
                double bi = b[offB + i];
                double expected = switch (op) {
                    case "add" -> ai + bi;
                    case "addRelu" -> ai + bi > 0 ? ai + bi : 0.0;
                    case "relu" -> ai > 0 ? ai : 0.0;
                    case "reluBackward" -> bi > 0 ? ai : 0.0;
                    case "axpy" -> bi + alpha * ai;
                    default -> alpha * ai;
                };
                double got = op.equals("axpy") ? out[offB + i] : out[offOut + i];
                if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(got)) {
                    fail(op + " (double): element " + i + " expected " + expected + ", got " + got);
                }
            }
        }
    }

    @Property(tries = 100, seed = TestSeeds.SEED)
    void perChannel(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                    @ForAll(supplier = Spatials.class) int spatial, @ForAll(supplier = Offsets.class) int offX,
                    @ForAll long seed, @ForAll boolean inPlace) {
        Random r = new Random(seed);
        int total = batch * channels * spatial;
        double[] x = randomDoubles(r, offX + total, 10);
        double[] bias = randomDoubles(r, channels + 1, 10);
        double[] scale = randomDoubles(r, channels + 2, 3);
        double[] biased = inPlace ? x.clone() : new double[offX + total];
        double[] affine = inPlace ? x.clone() : new double[offX + total];
        Elementwise.channelBias(batch, channels, spatial, inPlace ? biased : x, offX, bias, 1, biased, offX);
        Elementwise.channelAffine(batch, channels, spatial, inPlace ? affine : x, offX, scale, 2, bias, 0, affine,
                offX);
        double[] sum = new double[channels + 4];
        double[] sumSq = new double[channels + 4];
        Elementwise.channelSums(batch, channels, spatial, x, offX, sum, 4, sumSq, 3);
        double[] refSum = new double[channels];
        double[] refSq = new double[channels];
        double[] refAbs = new double[channels];
        for (int i = total - 1; i >= 0; i--) { // backwards: another summation order
            int c = i / spatial % channels;
            double v = x[offX + i];
            assertEquals(v + bias[1 + c], biased[offX + i], "channelBias at " + i);
            assertEquals(v * scale[2 + c] + bias[c], affine[offX + i], "channelAffine at " + i);
            refSum[c] += v;
            refSq[c] += v * v;
            refAbs[c] += Math.abs(v);
        }
        for (int c = 0; c < channels; c++) {
            assertClose("channelSums sum (double)", c, refSum[c], sum[4 + c], 1e-12 * refAbs[c]);
            assertClose("channelSums sumSq (double)", c, refSq[c], sumSq[3 + c], 1e-12 * refSq[c]);
        }
    }

    @Property(tries = 100, seed = TestSeeds.SEED)
    void rowWise(@ForAll(supplier = Rows.class) int rows, @ForAll(supplier = Lengths.class) int colsAny,
                 @ForAll(supplier = RowPadding.class) int pad, @ForAll(supplier = Offsets.class) int offX,
                 @ForAll long seed, @ForAll boolean inPlace) {
        int cols = Math.max(1, colsAny);
        int ld = cols + pad;
        Random r = new Random(seed);
        double[] x = randomDoubles(r, offX + rows * ld, 20); // exp(±20): naive softmax is accurate here
        double[] max = new double[rows + 1];
        Elementwise.rowMax(rows, cols, x, offX, ld, max, 1);
        double[] p = inPlace ? x.clone() : new double[offX + rows * ld];
        double[] lp = inPlace ? x.clone() : new double[offX + rows * ld];
        Elementwise.softmax(rows, cols, inPlace ? p : x, offX, ld, p, offX, ld);
        Elementwise.logSoftmax(rows, cols, inPlace ? lp : x, offX, ld, lp, offX, ld);
        for (int row = 0; row < rows; row++) {
            double m = Double.NEGATIVE_INFINITY;
            double naiveSum = 0;
            for (int j = 0; j < cols; j++) {
                double v = x[offX + row * ld + j];
                m = v > m ? v : m;
                naiveSum += Math.exp(v);
            }
            assertEquals(m, max[1 + row], "rowMax (double) row " + row);
            for (int j = 0; j < cols; j++) {
                int i = offX + row * ld + j;
                double naive = Math.exp(x[i]) / naiveSum;
                assertClose("softmax (double) row " + row, j, naive, p[i], 1e-12 * naive);
                double naiveLog = x[i] - Math.log(naiveSum);
                assertClose("logSoftmax (double) row " + row, j, naiveLog, lp[i], 1e-12 * (1 + Math.abs(naiveLog)));
            }
        }
    }

    @Test
    void softmaxInDoubleIsStable() {
        double[] x = {1000, 1000, -1e300};
        double[] p = new double[3];
        Elementwise.softmax(1, 3, x, 0, 3, p, 0, 3);
        assertEquals(0.5, p[0]);
        assertEquals(0.5, p[1]);
        assertEquals(0.0, p[2]);
        Elementwise.logSoftmax(1, 3, x, 0, 3, p, 0, 3);
        assertEquals(-Math.log(2), p[0], 1e-15);
        assertEquals(-1e300, p[2], 1e285);
    }
}
