package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseTestSupport.U;
import static dev.resvec.kernels.ElementwiseTestSupport.assertClose;
import static dev.resvec.kernels.ElementwiseTestSupport.assertExact;
import static dev.resvec.kernels.ElementwiseTestSupport.assertOnlySpanWritten;
import static dev.resvec.kernels.ElementwiseTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.ElementwiseTestSupport.Batches;
import dev.resvec.kernels.ElementwiseTestSupport.Channels;
import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import dev.resvec.kernels.ElementwiseTestSupport.Spatials;
import dev.resvec.kernels.ElementwiseTestSupport.Target;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The per-channel kernels on NCHW data ({@code batch × channels × spatial}) on every backend and through the
 * facade, against references computed here in double.
 *
 * <p>Tolerances. channelBias is exact (one float addition). channelAffine, {@code x·scale + shift}, has one rounding
 * with FMA and two without: at most {@code 2u·(|x·scale| + |shift|)} from the rounded double, u = 2^-24. channelSums:
 * the vector provider sums blocks of 1024 values in float vectors (four accumulators of VL ≥ 4 lanes, so at most
 * 1024 / 16 = 64 additions per lane, then the accumulators and lanes are combined) and adds the blocks in double;
 * a float summation tree of depth d errs by at most {@code d·u·Σ|x|}, so {@link #SUM_ROUNDINGS}{@code ·u·Σ|x|}
 * bounds it (and {@code ·u·Σx²}, one more rounding for the square, for the squares). That is about 4e-6 of
 * Σ|x| whatever the length, while one value missed or counted twice is at least 1/5000 of it.
 */
class ElementwiseChannelOpsTest {

    /** Depth of the vector provider's float summation tree, rounded up: 64 per lane + 2 + log2(16) + slack. */
    static final int SUM_ROUNDINGS = 72;

    @Property(tries = 150, seed = TestSeeds.SEED)
    void channelBias(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                     @ForAll(supplier = Spatials.class) int spatial, @ForAll(supplier = Offsets.class) int offX,
                     @ForAll(supplier = Offsets.class) int offBias, @ForAll(supplier = Offsets.class) int offOut,
                     @ForAll long seed, @ForAll boolean inPlace) {
        Random r = new Random(seed);
        int total = batch * channels * spatial;
        float[] x = randomFloats(r, offX + total + r.nextInt(5), 100f);
        float[] bias = randomFloats(r, offBias + channels + r.nextInt(5), 10f);
        float[] outInit = randomFloats(r, offOut + total + r.nextInt(5), 100f);
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] xc = x.clone();
            float[] out = inPlace ? xc : outInit.clone();
            int oo = inPlace ? offX : offOut;
            float[] before = out.clone();
            t.kernels().channelBias(batch, channels, spatial, xc, offX, bias.clone(), offBias, out, oo);
            String what = t.name() + " channelBias " + batch + "x" + channels + "x" + spatial;
            for (int i = 0; i < total; i++) {
                int c = i / spatial % channels;
                assertExact(what, i, (double) x[offX + i] + bias[offBias + c], out[oo + i]);
            }
            assertOnlySpanWritten(what, before, out, oo, total);
        }
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void channelAffine(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                       @ForAll(supplier = Spatials.class) int spatial, @ForAll(supplier = Offsets.class) int offX,
                       @ForAll(supplier = Offsets.class) int offScale, @ForAll(supplier = Offsets.class) int offShift,
                       @ForAll(supplier = Offsets.class) int offOut, @ForAll long seed, @ForAll boolean inPlace) {
        Random r = new Random(seed);
        int total = batch * channels * spatial;
        float[] x = randomFloats(r, offX + total + r.nextInt(5), 100f);
        float[] scale = randomFloats(r, offScale + channels + r.nextInt(5), 3f);
        float[] shift = randomFloats(r, offShift + channels + r.nextInt(5), 10f);
        float[] outInit = randomFloats(r, offOut + total + r.nextInt(5), 100f);
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] xc = x.clone();
            float[] out = inPlace ? xc : outInit.clone();
            int oo = inPlace ? offX : offOut;
            float[] before = out.clone();
            t.kernels().channelAffine(batch, channels, spatial, xc, offX, scale.clone(), offScale, shift.clone(),
                    offShift, out, oo);
            String what = t.name() + " channelAffine " + batch + "x" + channels + "x" + spatial;
            for (int i = 0; i < total; i++) {
                int c = i / spatial % channels;
                double p = (double) x[offX + i] * scale[offScale + c];
                double sh = shift[offShift + c];
                assertClose(what, i, p + sh, out[oo + i], 2 * U * (Math.abs(p) + Math.abs(sh)) + Float.MIN_VALUE);
            }
            assertOnlySpanWritten(what, before, out, oo, total);
        }
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void channelSums(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                     @ForAll(supplier = Spatials.class) int spatial, @ForAll(supplier = Offsets.class) int offX,
                     @ForAll(supplier = Offsets.class) int offSum, @ForAll(supplier = Offsets.class) int offSumSq,
                     @ForAll long seed, @ForAll boolean squares, @ForAll boolean shifted) {
        Random r = new Random(seed);
        int total = batch * channels * spatial;
        float[] x = randomFloats(r, offX + total + r.nextInt(5), 10f);
        if (shifted) { // a large common mean: the case where float sums lose the most
            for (int i = 0; i < x.length; i++) {
                x[i] += 1000f;
            }
        }
        double[] refSum = new double[channels];
        double[] refSq = new double[channels];
        double[] refAbs = new double[channels];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int s = 0; s < spatial; s++) {
                    double v = x[offX + (b * channels + c) * spatial + s];
                    refSum[c] += v;
                    refSq[c] += v * v;
                    refAbs[c] += Math.abs(v);
                }
            }
        }
        for (Target t : ElementwiseTestSupport.targets()) {
            // Garbage in the outputs: they must be overwritten, not added to, and nothing else touched.
            double[] sum = garbage(r, offSum + channels + 3);
            double[] sumSq = squares ? garbage(r, offSumSq + channels + 3) : null;
            double[] sumBefore = sum.clone();
            double[] sqBefore = squares ? sumSq.clone() : null;
            t.kernels().channelSums(batch, channels, spatial, x.clone(), offX, sum, offSum, sumSq, offSumSq);
            String what = t.name() + " channelSums " + batch + "x" + channels + "x" + spatial;
            for (int c = 0; c < channels; c++) {
                assertClose(what + " sum", c, refSum[c], sum[offSum + c], SUM_ROUNDINGS * U * refAbs[c]);
                if (squares) {
                    assertClose(what + " sumSq", c, refSq[c], sumSq[offSumSq + c], (SUM_ROUNDINGS + 1) * U * refSq[c]);
                }
            }
            assertDoublesOutsideUnchanged(what + " sum", sumBefore, sum, offSum, channels);
            if (squares) {
                assertDoublesOutsideUnchanged(what + " sumSq", sqBefore, sumSq, offSumSq, channels);
            }
        }
    }

    @Test
    void globalPoolShapedDataUsesTheChannelsAsTheVectorDimension() {
        // [N, C, 1, 1]: spatial = 1, where the vector provider vectorises along the channels instead.
        int batch = 3;
        int channels = 37;
        float[] x = new float[batch * channels];
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.5f - 20;
        }
        for (int c = 0; c < channels; c++) {
            scale[c] = c - 18;
            shift[c] = 0.25f * c;
        }
        for (Target t : ElementwiseTestSupport.targets()) {
            float[] biased = new float[x.length];
            float[] affine = new float[x.length];
            t.kernels().channelBias(batch, channels, 1, x, 0, shift, 0, biased, 0);
            t.kernels().channelAffine(batch, channels, 1, x, 0, scale, 0, shift, 0, affine, 0);
            for (int i = 0; i < x.length; i++) {
                int c = i % channels;
                assertEquals(x[i] + shift[c], biased[i], t.name() + " channelBias at " + i);
                assertEquals(x[i] * scale[c] + shift[c], affine[i], t.name() + " channelAffine at " + i); // exact
            }
        }
    }

    @Test
    void channelSumsOfEmptyChannelsAreZero() {
        for (Target t : ElementwiseTestSupport.targets()) {
            double[] sum = {7, 7, 7};
            double[] sumSq = {7, 7, 7};
            t.kernels().channelSums(0, 3, 5, new float[0], 0, sum, 0, sumSq, 0);
            assertEquals(0.0, sum[0] + sum[1] + sum[2], t.name());
            assertEquals(0.0, sumSq[0] + sumSq[1] + sumSq[2], t.name());
            sum = new double[] {7, 7};
            t.kernels().channelSums(4, 2, 0, new float[0], 0, sum, 0, null, 0);
            assertEquals(0.0, Math.abs(sum[0]) + Math.abs(sum[1]), t.name());
        }
    }

    private static double[] garbage(Random r, int length) {
        double[] d = new double[length];
        for (int i = 0; i < length; i++) {
            d[i] = r.nextBoolean() ? Double.NaN : r.nextGaussian() * 1e6;
        }
        return d;
    }

    private static void assertDoublesOutsideUnchanged(String what, double[] before, double[] after, int off, int n) {
        for (int i = 0; i < before.length; i++) {
            boolean inside = i >= off && i < off + n;
            if (!inside && Double.doubleToLongBits(before[i]) != Double.doubleToLongBits(after[i])) {
                fail(what + ": wrote index " + i + " outside [" + off + ", " + (off + n) + ")");
            }
        }
    }
}
