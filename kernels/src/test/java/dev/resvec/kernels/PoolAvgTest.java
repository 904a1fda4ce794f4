package dev.resvec.kernels;

import static dev.resvec.kernels.PoolTestSupport.E;
import static dev.resvec.kernels.PoolTestSupport.U;
import static dev.resvec.kernels.PoolTestSupport.assertClose;
import static dev.resvec.kernels.PoolTestSupport.assertOutsideUnchanged;
import static dev.resvec.kernels.PoolTestSupport.start;
import static dev.resvec.kernels.PoolTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import dev.resvec.kernels.PoolTestSupport.Shapes;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Average pooling, float and double, against the definition written here: the divisor counts the window's
 * positions inside the padded input ({@code countIncludePad}) or inside the input; the output is the sum of the
 * window's input elements over it; the backward sends each output gradient over its divisor to every input element
 * of the window.
 *
 * <p>Bounds. Forward: the kernels sum the m ≤ k² window values in double ({@code (m − 1)·ε·Σ|x|}) and divide (ε);
 * the float result is then rounded once ({@code u·|out|}). Backward: each share {@code g/divisor} is rounded once
 * (u, or ε) and the m shares reaching an element are added in sequence ({@code (m − 1)} roundings): at most
 * {@code m·unit·Σ|share|}.
 */
class PoolAvgTest {

    @Property(tries = 200, seed = TestSeeds.SEED)
    void forwardAndBackward(@ForAll(supplier = Shapes.class) PoolShape s, @ForAll(supplier = Offsets.class) int offIn,
                            @ForAll(supplier = Offsets.class) int offOut, @ForAll long seed,
                            @ForAll boolean countIncludePad) {
        Random r = new Random(seed);
        float[] in = PoolTestSupport.data(r, offIn + s.inputSize() + 3, r.nextBoolean(), false);
        float[] g = PoolTestSupport.data(r, offOut + s.outputSize() + 3, false, false);
        int h = s.height();
        int w = s.width();
        int nOut = s.outputSize();
        double[] refOut = new double[nOut];
        double[] absOut = new double[nOut];
        int[] countOut = new int[nOut];
        double[] refGrad = new double[s.inputSize()];
        double[] absGrad = new double[s.inputSize()];
        int[] countGrad = new int[s.inputSize()];
        for (int p = 0, o = 0; p < s.planes(); p++) {
            for (int oy = 0; oy < s.outHeight(); oy++) {
                for (int ox = 0; ox < s.outWidth(); ox++, o++) {
                    int divisor = 0;
                    double sum = 0;
                    double abs = 0;
                    for (int y = start(oy, s.strideH(), s.padH()); y < start(oy, s.strideH(), s.padH()) + s.kernelH(); y++) {
                        for (int x = start(ox, s.strideW(), s.padW()); x < start(ox, s.strideW(), s.padW()) + s.kernelW(); x++) {
                            boolean inPadded = y >= -s.padH() && y < h + s.padH() && x >= -s.padW() && x < w + s.padW();
                            boolean inInput = y >= 0 && y < h && x >= 0 && x < w;
                            if (countIncludePad ? inPadded : inInput) {
                                divisor++;
                            }
                            if (inInput) {
                                double v = in[offIn + (p * h + y) * w + x];
                                sum += v;
                                abs += Math.abs(v);
                                countOut[o]++;
                            }
                        }
                    }
                    refOut[o] = sum / divisor;
                    absOut[o] = abs / divisor;
                    double share = g[offOut + o] / (double) divisor;
                    for (int y = Math.max(0, start(oy, s.strideH(), s.padH())); y < Math.min(h, start(oy, s.strideH(), s.padH()) + s.kernelH()); y++) {
                        for (int x = Math.max(0, start(ox, s.strideW(), s.padW())); x < Math.min(w, start(ox, s.strideW(), s.padW()) + s.kernelW()); x++) {
                            int i = (p * h + y) * w + x;
                            refGrad[i] += share;
                            absGrad[i] += Math.abs(share);
                            countGrad[i]++;
                        }
                    }
                }
            }
        }
        String what = "avg pooling " + s.describe() + (countIncludePad ? " countIncludePad" : "");
        float[] out = PoolTestSupport.data(r, offOut + nOut + 2, false, true);
        float[] outBefore = out.clone();
        Pooling.avgForward(s, countIncludePad, in, offIn, out, offOut);
        double[] outD = new double[offOut + nOut];
        Pooling.avgForward(s, countIncludePad, toDouble(in), offIn, outD, offOut);
        for (int o = 0; o < nOut; o++) {
            double sumErr = countOut[o] * E * absOut[o] + E * Math.abs(refOut[o]);
            assertClose(what + " float out", o, refOut[o], out[offOut + o], U * Math.abs(refOut[o]) + sumErr);
            assertClose(what + " double out", o, refOut[o], outD[offOut + o], sumErr);
        }
        assertOutsideUnchanged(what + " out", outBefore, out, offOut, nOut);

        float[] gradIn = PoolTestSupport.data(r, offIn + s.inputSize() + 2, false, true);
        float[] gradBefore = gradIn.clone();
        Pooling.avgBackward(s, countIncludePad, g, offOut, gradIn, offIn);
        double[] gradD = new double[offIn + s.inputSize()];
        Arrays.fill(gradD, Double.NaN);
        Pooling.avgBackward(s, countIncludePad, toDouble(g), offOut, gradD, offIn);
        for (int i = 0; i < s.inputSize(); i++) {
            assertClose(what + " float gradIn", i, refGrad[i], gradIn[offIn + i], countGrad[i] * U * absGrad[i]);
            assertClose(what + " double gradIn", i, refGrad[i], gradD[offIn + i], countGrad[i] * E * absGrad[i]);
        }
        assertOutsideUnchanged(what + " gradIn", gradBefore, gradIn, offIn, s.inputSize());
    }

    @Test
    void paddingCountsOnlyWhenAskedTo() {
        // 2×2 input of 4s, kernel 2, stride 1, pad 1: the corner windows hold one input value and three pads.
        PoolShape s = PoolShape.of(1, 1, 2, 2, 2, 1, 1);
        float[] in = {4, 4, 4, 4};
        float[] out = new float[9];
        Pooling.avgForward(s, true, in, 0, out, 0);
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, out);
        Pooling.avgForward(s, false, in, 0, out, 0);
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4, 4, 4, 4}, out);
        float[] gradIn = new float[4];
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        Pooling.avgBackward(s, true, ones, 0, gradIn, 0);
        assertArrayEquals(new float[] {1, 1, 1, 1}, gradIn); // four windows each send 1/4
        Pooling.avgBackward(s, false, ones, 0, gradIn, 0);
        // element (0,0): corner window 1/1, two edge windows 1/2, the centre 1/4
        assertArrayEquals(new float[] {2.25f, 2.25f, 2.25f, 2.25f}, gradIn);
    }
}
