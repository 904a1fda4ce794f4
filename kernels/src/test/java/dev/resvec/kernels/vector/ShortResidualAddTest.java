package dev.resvec.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.TestSeeds;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link VectorElementwise#addShort} straight, on this run's species whether or not the facade takes it here, with
 * every {@code lead} (the facade passes one only where the JVM places arrays on cache lines): its first and last
 * vectors overlap the body, so a wrong overlap shows in place, where the body has already overwritten the inputs.
 * The reference is the float sum (and max) per element, which the kernel must match bit for bit; elements outside
 * the output's span must stay as they were.
 */
class ShortResidualAddTest {
    @Property(tries = 300, seed = TestSeeds.SEED)
    void everyLeadAndLayoutGivesTheElementwiseSum(@ForAll @IntRange(max = 5000) int n,
                                                  @ForAll @IntRange(max = 15) int lead,
                                                  @ForAll @IntRange(max = 2) int layout, @ForAll boolean relu,
                                                  @ForAll @IntRange(max = 20) int offA,
                                                  @ForAll @IntRange(max = 20) int offB,
                                                  @ForAll @IntRange(max = 20) int offOut, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] a = RandomFloats.of(rnd, offA + n + 3), b = RandomFloats.of(rnd, offB + n + 3);
        float[] expectedOut = layout == 1 ? a.clone() : layout == 2 ? b.clone() : RandomFloats.of(rnd, offOut + n + 3);
        int oo = layout == 1 ? offA : layout == 2 ? offB : offOut;
        for (int i = 0; i < n; i++) {
            float s = a[offA + i] + b[offB + i];
            expectedOut[oo + i] = relu ? Math.max(s, 0f) : s;
        }
        float[] out = layout == 1 ? a : layout == 2 ? b : expectedOut.clone();
        if (layout == 0) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = Float.NaN;   // the kernel must write every element of the span
            }
        }
        VectorElementwise.addShort(relu, n, a, offA, b, offB, out, oo, Math.min(n, lead));
        for (int i = 0; i < out.length; i++) {
            assertEquals(Float.floatToRawIntBits(expectedOut[i]), Float.floatToRawIntBits(out[i]),
                    "n=" + n + " lead=" + lead + " layout=" + layout + " relu=" + relu + ": element " + i);
        }
    }
}
