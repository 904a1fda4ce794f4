package dev.resvec.kernels;

import static dev.resvec.kernels.PoolTestSupport.E;
import static dev.resvec.kernels.PoolTestSupport.U;
import static dev.resvec.kernels.PoolTestSupport.assertClose;
import static dev.resvec.kernels.PoolTestSupport.assertOutsideUnchanged;
import static dev.resvec.kernels.PoolTestSupport.assertSameBits;
import static dev.resvec.kernels.PoolTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.ElementwiseTestSupport.Batches;
import dev.resvec.kernels.ElementwiseTestSupport.Channels;
import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.pool.GlobalAvgPooling;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Global average pooling on every backend's sums and through the facade, float and double, against plane means
 * computed here. Forward bound: the provider's {@code channelSums} errs by at most
 * {@link ElementwiseChannelOpsTest#SUM_ROUNDINGS}{@code ·u·Σ|x|} (its derivation), then the division in double and
 * the rounding to float add {@code u·|mean|}; the double kernel's sequential sum errs by {@code spatial·ε·Σ|x|}.
 * Backward: {@code gradOut/spatial} rounded once, so bitwise {@code (float) (g / spatial)}.
 */
class PoolGlobalTest {

    @Property(tries = 150, seed = TestSeeds.SEED)
    void forwardAndBackward(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                            @ForAll(supplier = ElementwiseTestSupport.Spatials.class) int spatial,
                            @ForAll(supplier = Offsets.class) int offIn, @ForAll(supplier = Offsets.class) int offOut,
                            @ForAll long seed) {
        Assume.that(spatial > 0);
        Random r = new Random(seed);
        int planes = batch * channels;
        float[] in = ElementwiseTestSupport.randomFloats(r, offIn + planes * spatial + 3, 50f);
        double[] ref = new double[planes];
        double[] abs = new double[planes];
        for (int p = 0; p < planes; p++) {
            for (int s = 0; s < spatial; s++) {
                ref[p] += in[offIn + p * spatial + s];
                abs[p] += Math.abs(in[offIn + p * spatial + s]);
            }
            ref[p] /= spatial;
            abs[p] /= spatial;
        }
        String what = "global avg " + batch + "x" + channels + "x" + spatial;
        for (Backend b : TestBackends.all()) {
            float[] out = new float[offOut + planes + 2];
            GlobalAvgPooling.forward(b.elementwise(), planes, spatial, in, offIn, out, offOut);
            checkFloat(what + " " + b.provider().describe(), ref, abs, out, offOut);
        }
        float[] out = ElementwiseTestSupport.randomFloats(r, offOut + planes + 2, 1f);
        float[] before = out.clone();
        Pooling.globalAvgForward(batch, channels, spatial, in, offIn, out, offOut);
        checkFloat(what + " facade", ref, abs, out, offOut);
        assertOutsideUnchanged(what + " out", before, out, offOut, planes);
        double[] outD = new double[offOut + planes];
        Pooling.globalAvgForward(batch, channels, spatial, toDouble(in), offIn, outD, offOut);
        for (int p = 0; p < planes; p++) {
            assertClose(what + " double", p, ref[p], outD[offOut + p], (spatial + 1) * E * abs[p]);
        }

        float[] g = ElementwiseTestSupport.randomFloats(r, offOut + planes, 5f);
        float[] gradIn = ElementwiseTestSupport.randomFloats(r, offIn + planes * spatial + 2, 1f);
        float[] gradBefore = gradIn.clone();
        Pooling.globalAvgBackward(batch, channels, spatial, g, offOut, gradIn, offIn);
        double[] gradD = new double[offIn + planes * spatial];
        Pooling.globalAvgBackward(batch, channels, spatial, toDouble(g), offOut, gradD, offIn);
        for (int i = 0; i < planes * spatial; i++) {
            double expected = (double) g[offOut + i / spatial] / spatial;
            assertSameBits(what + " gradIn", i, (float) expected, gradIn[offIn + i]);
            assertEquals(expected, gradD[offIn + i], what + " double gradIn at " + i);
        }
        assertOutsideUnchanged(what + " gradIn", gradBefore, gradIn, offIn, planes * spatial);
    }

    private static void checkFloat(String what, double[] ref, double[] abs, float[] out, int offOut) {
        for (int p = 0; p < ref.length; p++) {
            assertClose(what, p, ref[p], out[offOut + p],
                    ElementwiseChannelOpsTest.SUM_ROUNDINGS * U * abs[p] + U * Math.abs(ref[p]) + Float.MIN_VALUE);
        }
    }

    @Test
    void moreThanOneChunkOfPlanes() {
        // 3 × 50 = 150 planes: the float forward sums 64 planes per call; plane p holds the value p.
        int planes = 150;
        float[] in = new float[planes * 7];
        for (int i = 0; i < in.length; i++) {
            in[i] = i / 7;
        }
        float[] out = new float[planes];
        Pooling.globalAvgForward(3, 50, 7, in, 0, out, 0);
        for (int p = 0; p < planes; p++) {
            assertEquals(p, out[p], 0f);
        }
    }
}
