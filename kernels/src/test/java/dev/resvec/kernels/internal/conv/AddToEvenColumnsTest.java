package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.TestSeeds;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The active provider's {@link ColumnGather#addToEvenColumns} (col2im at column stride 2) against the scalar loop,
 * bit for bit: signed zeros and NaNs among the values (the vector kernel adds −0 to the floats it does not target,
 * which must leave each as it is), rows from empty to several vectors long, and the target array ending exactly at
 * {@code yEnd} (a vector reaching past it is an exception here, and in a convolution a write into the next plane,
 * which may be another thread's).
 */
class AddToEvenColumnsTest {
    @Property(tries = 400, seed = TestSeeds.SEED)
    void matchesTheScalarLoopBitForBit(@ForAll @IntRange(max = 70) int n, @ForAll @IntRange(max = 5) int xOff,
                                       @ForAll @IntRange(max = 5) int yOff, @ForAll @IntRange(max = 40) int slack,
                                       @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = SpecialValues.of(rnd, xOff + n);
        // y ends at yEnd: the last target (yOff + 2n − 2), its odd neighbour, and up to `slack` more floats
        float[] y = SpecialValues.of(rnd, yOff + Math.max(0, 2 * n - 1) + slack);
        float[] expected = y.clone();
        ColumnGather.scalar().addToEvenColumns(n, x, xOff, expected, yOff, expected.length);
        GemmConvolution.gather(ConvContext.active()).addToEvenColumns(n, x, xOff, y, yOff, y.length);
        assertArrayEquals(Bits.of(expected), Bits.of(y), () -> "n " + n + ", xOff " + xOff + ", yOff " + yOff
                + ", slack " + slack);
    }
}
