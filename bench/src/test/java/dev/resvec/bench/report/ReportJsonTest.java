package dev.resvec.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** report.json: an exact round trip, and errors that name what is wrong. */
class ReportJsonTest {

    static String json(Report r) throws IOException {
        StringWriter w = new StringWriter();
        ReportJson.write(r, w);
        return w.toString();
    }

    @Test
    void roundTripIsExact() throws IOException {
        Report r = Reports.small(147.25, "AMD EPYC");
        Report back = ReportJson.read(new StringReader(json(r)));
        assertEquals(r, back);
        assertEquals(json(r), json(back));
    }

    /** A convolution row's measured error is in report.json and read back; rows without one have no field. */
    @Test
    void theMeasuredErrorRoundTrips() throws IOException {
        Report small = Reports.small(147.25, "AMD EPYC");
        List<Section> sections = new java.util.ArrayList<>(small.sections());
        sections.add(Reports.conv());
        Report r = new Report(small.schema(), small.created(), small.mode(), small.durationSeconds(), small.command(),
                small.machine(), small.measurement(), small.variants(), small.peers(), sections);
        String text = json(r);
        assertTrue(text.contains("\"measuredError\" : 2.31E-6"), text);
        assertEquals(1, text.split("\"measuredError\"", -1).length - 1, "only the row that has one");
        Report back = ReportJson.read(new StringReader(text));
        assertEquals(r, back);
        assertEquals(2.31e-6, back.section("conv").orElseThrow().rows().get(0).measuredError());
    }

    @Test
    void everyFigureCarriesItsIntervalAndUnit() throws IOException {
        String text = json(Reports.small(147.25, "AMD EPYC"));
        for (String field : new String[] {"\"median\"", "\"ciLow\"", "\"ciHigh\"", "\"ciLevel\"", "\"samples\"",
            "\"unit\" : \"GFLOP/s\"", "\"unit\" : \"ms\"", "\"percentOfLimit\"", "\"error\" : \"boom (see jmh.log)\"",
            "\"schema\" : \"" + Report.SCHEMA + "\""}) {
            assertTrue(text.contains(field), "no " + field + " in\n" + text);
        }
    }

    @Test
    void anotherSchemaIsRefused() throws IOException {
        String text = json(Reports.small(100, "x")).replace(Report.SCHEMA, "resvec-bench-report/0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportJson.read(new StringReader(text)));
        assertTrue(e.getMessage().contains("resvec-bench-report/0"), e.getMessage());
    }

    @Test
    void aMissingOrMistypedFieldIsNamedWithItsPath() throws IOException {
        String text = json(Reports.small(100, "x"));
        String noCase = text.replaceFirst("\"case\" : \"1024x1024x1024\",", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportJson.read(new StringReader(noCase)));
        assertEquals("report.json: report.sections[1].rows[0].case is missing", e.getMessage());
        String badMedian = text.replaceFirst("\"median\" : 200\\.0", "\"median\" : \"fast\"");
        e = assertThrows(IllegalArgumentException.class, () -> ReportJson.read(new StringReader(badMedian)));
        assertTrue(e.getMessage().contains("sections[0].rows[0].figures[0].median must be a number"), e.getMessage());
    }

    @Test
    void malformedJsonIsAnIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportJson.read(new StringReader("{\"schema\": ")));
        assertTrue(e.getMessage().startsWith("report.json:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReportJson.read(new StringReader("")));
        assertThrows(IllegalArgumentException.class, () -> ReportJson.read(new StringReader("[1, 2]")));
    }
}
