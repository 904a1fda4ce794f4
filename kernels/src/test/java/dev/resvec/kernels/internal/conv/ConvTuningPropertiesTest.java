package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import dev.resvec.kernels.Parallelism;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The convolutions' tuning properties are read through {@code TuningProperty}. The shifted filter gradient's and
 * the column blocks' are read once per JVM (held by {@code Settled}), so their parse functions are called here with a
 * map; the Winograd block and stacking properties are read on every call, so they are set for one call through the
 * public {@link Convolution} entry and restored: a malformed value fails the call before the output is touched, and
 * every value in range gives the same bits (a block's size never changes an element's operations).
 */
class ConvTuningPropertiesTest {
    private static final ConvShape SHAPE = ConvShape.of(2, 5, 9, 11, 6, 3, 1, 1);
    private static final ConvAlgorithm[] WINOGRAD = {ConvAlgorithm.WINOGRAD_F2X2_3X3, ConvAlgorithm.WINOGRAD_F4X4_3X3};

    private static UnaryOperator<String> props(String... nameValue) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], nameValue[i + 1]);
        }
        return map::get;
    }

    private static void assertMessage(String property, String value, String expected, IllegalStateException e) {
        assertEquals("-D" + property + " must be " + expected + " (or unset, for the library's own choice), got '"
                + value + "'", e.getMessage());
    }

    @Test
    void shiftedFilterGradientSettings() {
        assertEquals(new ShiftedFilterGradient.Settings(true, 1 << 17, 512),
                ShiftedFilterGradient.Settings.parse(props(), 1 << 20), "half of a 1 MiB L2, in floats");
        assertEquals(new ShiftedFilterGradient.Settings(true, 1 << 14, 512),
                ShiftedFilterGradient.Settings.parse(props(), 1024), "at least 16 Ki floats");
        assertEquals(new ShiftedFilterGradient.Settings(false, 1, 1 << 20), ShiftedFilterGradient.Settings.parse(
                props(ShiftedFilterGradient.ENABLED, "FALSE", ShiftedFilterGradient.PLANE_FLOATS, "1",
                        ShiftedFilterGradient.POSITIONS, "1048576"), 1 << 20));
        for (String bad : new String[] {"no", "0", "flase"}) {
            assertMessage(ShiftedFilterGradient.ENABLED, bad, "true or false", assertThrows(IllegalStateException.class,
                    () -> ShiftedFilterGradient.Settings.parse(props(ShiftedFilterGradient.ENABLED, bad), 1 << 20)));
        }
        for (String bad : new String[] {"0", "-1", "1M", "268435457"}) {
            assertMessage(ShiftedFilterGradient.PLANE_FLOATS, bad, "an integer from 1 to 268435456",
                    assertThrows(IllegalStateException.class, () -> ShiftedFilterGradient.Settings.parse(
                            props(ShiftedFilterGradient.PLANE_FLOATS, bad), 1 << 20)));
        }
        for (String bad : new String[] {"0", "abc", "1048577"}) {
            assertMessage(ShiftedFilterGradient.POSITIONS, bad, "an integer from 1 to 1048576",
                    assertThrows(IllegalStateException.class, () -> ShiftedFilterGradient.Settings.parse(
                            props(ShiftedFilterGradient.POSITIONS, bad), 1 << 20)));
        }
    }

    @Test
    void columnBlockBudget() {
        assertEquals(1 << 18, ColumnBlocks.budget(props(), 512 * 1024), "twice the L2 in bytes, as floats");
        assertEquals(1 << 16, ColumnBlocks.budget(props(), 1024), "at least 64 Ki floats");
        assertEquals(1, ColumnBlocks.budget(props(ColumnBlocks.BLOCK_FLOATS, "1"), 512 * 1024));
        for (String bad : new String[] {"0", "-4096", "4M", "1073741825"}) {
            assertMessage(ColumnBlocks.BLOCK_FLOATS, bad, "an integer from 1 to 1073741824",
                    assertThrows(IllegalStateException.class,
                            () -> ColumnBlocks.budget(props(ColumnBlocks.BLOCK_FLOATS, bad), 512 * 1024)));
        }
    }

    @Test
    void winogradBlockTilesInRangeGiveTheSameBitsAndMalformedOnesFailTheCall() {
        for (ConvAlgorithm algorithm : WINOGRAD) {
            float[] expected = forward(algorithm);
            for (String tiles : new String[] {"1", "7", "4096"}) {
                assertArrayEquals(expected, withProperty(WinogradForward.BLOCK_TILES, tiles, () -> forward(algorithm)),
                        algorithm + " with " + tiles + " tiles per block");
            }
            for (String bad : new String[] {"0", "-1", "x", "4097"}) {
                assertMessage(WinogradForward.BLOCK_TILES, bad, "an integer from 1 to 4096",
                        failedForward(WinogradForward.BLOCK_TILES, bad, algorithm));
            }
        }
    }

    @Test
    void winogradBlockBytes() {
        float[] expected = forward(ConvAlgorithm.WINOGRAD_F4X4_3X3);
        assertArrayEquals(expected, withProperty(WinogradForward.BLOCK_BYTES, "1",
                () -> forward(ConvAlgorithm.WINOGRAD_F4X4_3X3)), "the least budget: blocks of 2 NR tiles");
        for (String bad : new String[] {"0", "8MB", "1099511627777"}) {
            assertMessage(WinogradForward.BLOCK_BYTES, bad, "an integer from 1 to 1099511627776",
                    failedForward(WinogradForward.BLOCK_BYTES, bad, ConvAlgorithm.WINOGRAD_F4X4_3X3));
        }
    }

    @Test
    void winogradStacking() {
        float[] expected = forward(ConvAlgorithm.WINOGRAD_F4X4_3X3);
        for (String mode : new String[] {"auto", "always", "never"}) {
            assertArrayEquals(expected, withProperty(WinogradForward.STACKED, mode,
                    () -> forward(ConvAlgorithm.WINOGRAD_F4X4_3X3)), mode);
        }
        for (String bad : new String[] {"Always", "true", "sometimes"}) {
            assertMessage(WinogradForward.STACKED, bad, "auto, always or never",
                    failedForward(WinogradForward.STACKED, bad, ConvAlgorithm.WINOGRAD_F4X4_3X3));
        }
    }

    /** The call with the property set fails, and the output keeps what it held (nothing was written). */
    private static IllegalStateException failedForward(String property, String value, ConvAlgorithm algorithm) {
        float[] out = new float[SHAPE.outputSize()];
        Arrays.fill(out, -7f);
        IllegalStateException e = withProperty(property, value, () -> assertThrows(IllegalStateException.class,
                () -> forward(algorithm, out)));
        for (float v : out) {
            assertEquals(-7f, v, "the output was written before the bad property was found");
        }
        return e;
    }

    private static float[] forward(ConvAlgorithm algorithm) {
        float[] out = new float[SHAPE.outputSize()];
        forward(algorithm, out);
        return out;
    }

    private static void forward(ConvAlgorithm algorithm, float[] out) {
        Random rnd = new Random(20261204);
        float[] in = new float[SHAPE.inputSize()];
        float[] w = new float[SHAPE.filterSize()];
        for (int i = 0; i < in.length; i++) {
            in[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextFloat() - 0.5f;
        }
        Convolution.forward(SHAPE, algorithm, in, 0, w, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread());
    }

    /** Runs {@code body} with the property set, then restores what it was (tests run one at a time in this JVM). */
    private static <T> T withProperty(String key, String value, java.util.function.Supplier<T> body) {
        String before = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
