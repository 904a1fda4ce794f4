package dev.resvec.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TuningProperty}, on raw values (no system property is set): unset or blank gives the library's value, a
 * value in range is taken, and anything else is an {@link IllegalStateException} that names the property, what it
 * takes and the value given, where {@code Integer.getInteger} silently returned its default.
 */
class TuningPropertyTest {
    private static final String NAME = "resvec.test.size";

    @Test
    void unsetOrBlankGivesTheLibrarysValue() {
        assertEquals(77, TuningProperty.parseInt(NAME, null, 77, 1, 100));
        assertEquals(77, TuningProperty.parseInt(NAME, "", 77, 1, 100));
        assertEquals(77, TuningProperty.parseInt(NAME, " \t", 77, 1, 100));
        assertEquals(-5L, TuningProperty.parseLong(NAME, null, -5, 0, 10), "the fallback is not range-checked");
        assertTrue(TuningProperty.parseFlag(NAME, "  ", true));
        assertEquals("auto", TuningProperty.parseChoice(NAME, null, "auto", "auto", "never"));
    }

    @Test
    void aValueInRangeIsTakenBoundsIncluded() {
        assertEquals(1, TuningProperty.parseInt(NAME, "1", 77, 1, 100));
        assertEquals(100, TuningProperty.parseInt(NAME, "100", 77, 1, 100));
        assertEquals(42, TuningProperty.parseInt(NAME, " 42 ", 77, 1, 100));
        assertEquals(0L, TuningProperty.parseLong(NAME, "0", 100, 0, 1L << 40));
        assertEquals(1L << 40, TuningProperty.parseLong(NAME, "1099511627776", 100, 0, 1L << 40));
        assertTrue(TuningProperty.parseFlag(NAME, "TRUE", false));
        assertFalse(TuningProperty.parseFlag(NAME, "false", true));
        assertEquals("never", TuningProperty.parseChoice(NAME, " never", "auto", "auto", "always", "never"));
    }

    /** Not a number, a unit, a fraction, a hex literal, zero or negative where at least 1 is needed, too large. */
    @ParameterizedTest
    @ValueSource(strings = {"abc", "2k", "64K", "1.5", "0x10", "1e3", "0", "-1", "101", "99999999999999999999"})
    void anythingElseNamesThePropertyTheRangeAndTheValue(String raw) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TuningProperty.parseInt(NAME, raw, 77, 1, 100));
        assertEquals("-D" + NAME + " must be an integer from 1 to 100 (or unset, for the library's own choice), got '"
                + raw + "'", e.getMessage());
    }

    @Test
    void aLongOutsideItsRangeIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TuningProperty.parseLong(NAME, "1099511627777", 100, 1, 1L << 40));
        assertEquals("-D" + NAME + " must be an integer from 1 to 1099511627776 (or unset, for the library's own"
                + " choice), got '1099511627777'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "ture", "off"})
    void aSwitchTakesTrueOrFalseOnly(String raw) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TuningProperty.parseFlag(NAME, raw, true));
        assertEquals("-D" + NAME + " must be true or false (or unset, for the library's own choice), got '" + raw
                + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Always", "sometimes", "stacked"})
    void aChoiceTakesItsWordsExactly(String raw) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TuningProperty.parseChoice(NAME, raw, "auto", "auto", "always", "never"));
        assertEquals("-D" + NAME + " must be auto, always or never (or unset, for the library's own choice), got '"
                + raw + "'", e.getMessage());
    }

    @Test
    void theReadersLookThePropertyUp() {
        Map<String, String> properties = Map.of(NAME, "9", "resvec.other", "x");
        assertEquals(9, TuningProperty.readInt(properties::get, NAME, 77, 1, 100));
        assertEquals(9L, TuningProperty.readLong(properties::get, NAME, 77, 1, 100));
        assertEquals(5, TuningProperty.readInt(properties::get, "resvec.unset", 5, 1, 100));
        assertThrows(IllegalStateException.class,
                () -> TuningProperty.readInt(properties::get, "resvec.other", 5, 1, 100));
    }
}
