package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.ProviderSettings;
import dev.resvec.kernels.internal.ProviderSettings.Choice;
import dev.resvec.kernels.internal.Settled;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code -Dresvec.kernels}, {@code -Dresvec.vectorBits} and {@code -Dresvec.gemm.tile}: parsed by the pure
 * {@link ProviderSettings#parse}, a malformed value is an {@link IllegalStateException} naming the property, the
 * allowed values and the value given, and {@link Settled} repeats it on every call. One forked JVM checks the
 * whole chain once, since this JVM's provider was chosen long before any test ran.
 */
class KernelProviderSettingsTest {

    private static ProviderSettings parse(String... nameValue) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            properties.put(nameValue[i], nameValue[i + 1]);
        }
        return ProviderSettings.parse(properties::get);
    }

    @Test
    void unsetOrBlankMeansTheLibraryDecides() {
        assertEquals(new ProviderSettings(Choice.AUTO, 0, ""), parse());
        assertEquals(new ProviderSettings(Choice.AUTO, 0, ""),
                parse("resvec.kernels", " ", "resvec.vectorBits", "", "resvec.gemm.tile", "\t"));
    }

    @Test
    void everyAllowedValueParses() {
        assertEquals(Choice.SCALAR, parse("resvec.kernels", "scalar").kernels());
        assertEquals(Choice.VECTOR, parse("resvec.kernels", " vector ").kernels());
        for (int bits : new int[] {128, 256, 512}) {
            assertEquals(bits, parse("resvec.vectorBits", "" + bits).vectorBits());
        }
        assertEquals("3x3", parse("resvec.gemm.tile", "3x3").gemmTile());
        assertEquals("8x2", parse("resvec.gemm.tile", "8x2 ").gemmTile());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "resvec.kernels    | Vector | scalar or vector",
            "resvec.kernels    | simd   | scalar or vector",
            "resvec.vectorBits | abc    | 128, 256 or 512",
            "resvec.vectorBits | 100    | 128, 256 or 512",
            "resvec.vectorBits | 1024   | 128, 256 or 512",
            "resvec.vectorBits | 256b   | 128, 256 or 512",
            "resvec.gemm.tile  | 4x4    | 3x3 or 8x2",
            "resvec.gemm.tile  | 8X2    | 3x3 or 8x2",
            "resvec.gemm.tile  | 8      | 3x3 or 8x2"})
    void aMalformedValueNamesThePropertyTheAllowedValuesAndTheValue(String property, String value, String allowed) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(property, value));
        String m = e.getMessage();
        assertTrue(m.contains("-D" + property + " must be " + allowed) && m.contains("got '" + value + "'"), m);
    }

    /** A typo is an error even where the provider it concerns is not the one forced. */
    @Test
    void aMalformedValueIsAnErrorWhateverTheProvider() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse("resvec.kernels", "scalar", "resvec.vectorBits", "265"));
        assertTrue(e.getMessage().contains("got '265'"), e.getMessage());
    }

    @Test
    void aForcedWidthMustFitTheCpu() {
        assertEquals(256, parse().vectorBitsOn(256));
        assertEquals(128, parse("resvec.vectorBits", "128").vectorBitsOn(512));
        assertEquals(512, parse("resvec.vectorBits", "512").vectorBitsOn(512));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse("resvec.vectorBits", "512").vectorBitsOn(256));
        String m = e.getMessage();
        assertTrue(m.contains("-Dresvec.vectorBits") && m.contains("256 bits") && m.contains("got 512"), m);
    }

    @Test
    void aFailedInitialisationFailsTheSameWayOnEveryCall() {
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException original = new IllegalStateException("-Dresvec.kernels must be …, got 'x'");
        Settled<String> settled = Settled.of(() -> {
            runs.incrementAndGet();
            throw original;
        });
        for (int call = 0; call < 3; call++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, settled::get, "call " + call);
            assertEquals(original.getMessage(), e.getMessage());
            assertSame(original, e.getCause());
        }
        assertEquals(1, runs.get(), "initialised more than once");
        assertEquals("ok", Settled.of(() -> "ok").get());
        assertThrows(ArithmeticException.class, () -> Settled.of(() -> 1 / runs.get() / 0), "a bug is no setting");
    }

    /** What a fresh JVM with a bad setting does on repeated kernel calls: {@link BadSettingCalls} prints it. */
    @Test
    void aFreshJvmWithABadSettingFailsClearlyOnEveryCall() throws Exception {
        String value = "bogus";
        List<String> lines = ForkedJvm.run(BadSettingCalls.class, "-Dresvec.kernels=" + value);
        String expected = "IllegalStateException: -Dresvec.kernels must be scalar or vector (or unset, for the"
                + " library's own choice), got '" + value + "'";
        assertEquals(List.of("provider " + expected, "provider " + expected, "sgemm " + expected,
                "conv " + expected, "conv " + expected), lines);
    }

    /** Makes four kinds of kernel call in a row and prints what each threw, one line each. */
    public static final class BadSettingCalls {
        public static void main(String[] args) {
            ForkedJvm.report("provider", () -> Kernels.provider());
            ForkedJvm.report("provider", () -> Kernels.provider());
            ForkedJvm.report("sgemm", () -> Gemm.sgemm(false, false, 1, 1, 1, 1f, new float[1], 0, 1, new float[1], 0,
                    1, 0f, new float[1], 0, 1));
            ConvShape shape = ConvShape.of(1, 1, 3, 3, 1, 3, 2, 1);   // stride 2: the GEMM path, not ShiftedForward
            for (int i = 0; i < 2; i++) {
                ForkedJvm.report("conv", () -> Convolution.forward(shape, ConvAlgorithm.IM2COL_GEMM, new float[9], 0,
                        new float[9], 0, new float[9], 0, ConvEpilogue.none(), Parallelism.singleThread()));
            }
        }
    }
}
