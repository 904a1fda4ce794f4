package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.TestBackends;
import dev.resvec.kernels.TestSeeds;
import dev.resvec.kernels.internal.Backend;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link WinogradKernels#gatherWindows} (the stacked transforms' windows straight from a padded plane): the scalar
 * twin against the windows' definition, and every backend that takes the rows against the twin, bit for bit, over
 * the whole destination array (signed zeros and NaNs among the values): F(2×2) and F(4×4), runs of 1 to 15 tiles
 * from any column of rows up to 15 tiles wide, 1 to 4 runs, destination strides with and without slack. Nothing
 * but the runs' elements and the documented slack past the last run may change; a provider that does not take
 * rows so wide must say so ({@link WinogradKernels#gathersWindows}), and does at 16 lanes for F(4×4) rows over 7.
 */
class GatherWindowsTest {
    /** The widest species' lanes (512 bits): the slack a vector gather may read and write past a run. */
    private static final int MAX_LANES = 16;

    @Property(tries = 400, seed = TestSeeds.SEED)
    void matchesTheDefinitionBitForBit(@ForAll @IntRange(min = 1, max = 2) int half,
                                       @ForAll @IntRange(min = 1, max = 15) int width,
                                       @ForAll @IntRange(max = 14) int txSeed,
                                       @ForAll @IntRange(min = 1, max = 15) int lenSeed,
                                       @ForAll @IntRange(min = 1, max = 4) int runs,
                                       @ForAll @IntRange(max = 5) int rowSlack, @ForAll @IntRange(max = 9) int srcOff,
                                       @ForAll @IntRange(max = 20) int strideSlack,
                                       @ForAll @IntRange(max = 5) int dstOff,
                                       @ForAll long seed) {
        int m = 2 * half, alpha = m + 2;
        int tx = txSeed % width, runLen = 1 + (lenSeed - 1) % (width - tx);
        int wp = m * (width + 1) + rowSlack, rowStep = m * wp;
        int src = srcOff + m * tx, lanesSlack = 3 * MAX_LANES;   // a gather reads 2 vectors from a row start
        Random rnd = new Random(seed);
        float[] padded = SpecialValues.of(rnd, srcOff + (runs - 1) * rowStep + alpha * wp + lanesSlack);
        int stride = runs * runLen + strideSlack + MAX_LANES, size = dstOff + alpha * alpha * stride;
        float[] start = SpecialValues.of(rnd, size);
        float[] expected = start.clone();
        for (int r = 0; r < alpha; r++) {
            for (int s = 0; s < alpha; s++) {
                for (int j = 0; j < runs; j++) {
                    for (int i = 0; i < runLen; i++) {
                        expected[dstOff + (r * alpha + s) * stride + j * runLen + i] =
                                padded[src + j * rowStep + r * wp + m * i + s];
                    }
                }
            }
        }
        float[] twin = start.clone();
        WinogradKernels scalar = WinogradBackends.of(TestBackends.all().get(0));
        assertTrue(scalar.gathersWindows(m, alpha, width), "the scalar twin takes every row");
        scalar.gatherWindows(padded, src, wp, rowStep, runLen, runs, alpha, m, twin, dstOff, stride);
        assertArrayEquals(Bits.of(expected), Bits.of(twin), () -> "scalar twin, F(" + m + "×" + m + ")");
        for (Backend backend : TestBackends.all()) {
            WinogradKernels kern = WinogradBackends.of(backend);
            if (!kern.gathersWindows(m, alpha, width)) {
                assertTrue(m * (width - 1) + alpha > 2 * kern.lanes(), () -> backend.provider().describe()
                        + " refuses rows of " + width + " tiles, whose windows fit two vectors");
                continue;
            }
            float[] out = start.clone();
            kern.gatherWindows(padded, src, wp, rowStep, runLen, runs, alpha, m, out, dstOff, stride);
            for (int e = 0; e < alpha * alpha; e++) {
                // past each element's last run, up to a vector of slack may be overwritten: compare the runs only
                int from = dstOff + e * stride, to = from + runs * runLen;
                float[] want = Arrays.copyOfRange(expected, from, to);
                float[] got = Arrays.copyOfRange(out, from, to);
                int element = e;
                assertArrayEquals(Bits.of(want), Bits.of(got), () -> backend.provider().describe() + ": F(" + m + "×"
                        + m + "), element " + element + ", " + runs + " runs of " + runLen + " from tile " + tx
                        + " of rows " + width + " wide");
            }
            for (int i = 0; i < dstOff; i++) {
                assertTrue(Float.floatToRawIntBits(out[i]) == Float.floatToRawIntBits(start[i]),
                        "nothing before the first run changes");
            }
        }
    }
}
