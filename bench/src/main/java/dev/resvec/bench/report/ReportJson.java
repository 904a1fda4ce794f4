package dev.resvec.bench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: a {@link Report} written and read with jackson-core's streaming generator and parser (the
 * project's JSON library; no data binding). Every figure carries its median, interval, level, sample count and
 * unit. Reading checks the schema and names the field that is missing or of the wrong type.
 */
public final class ReportJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportJson() {}

    /** Writes the report, pretty-printed. */
    public static void write(Report r, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", r.schema());
            g.writeStringField("created", r.created());
            g.writeStringField("mode", r.mode());
            g.writeNumberField("durationSeconds", r.durationSeconds());
            g.writeStringField("command", r.command());
            g.writeFieldName("machine");
            machine(g, r.machine());
            g.writeStringField("measurement", r.measurement());
            g.writeArrayFieldStart("variants");
            for (Variant v : r.variants()) {
                g.writeStartObject();
                g.writeStringField("id", v.id());
                g.writeStringField("label", v.label());
                strings(g, "jvmArgs", v.jvmArgs());
                g.writeStringField("provider", v.provider());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("peers");
            for (PeerStatus p : r.peers()) {
                g.writeStartObject();
                g.writeStringField("peer", p.peer());
                g.writeBooleanField("ran", p.ran());
                g.writeStringField("detail", p.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sections");
            for (Section s : r.sections()) {
                section(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void machine(JsonGenerator g, Machine m) throws IOException {
        g.writeStartObject();
        g.writeStringField("cpuModel", m.cpuModel());
        g.writeNumberField("logicalCpus", m.logicalCpus());
        g.writeNumberField("physicalCores", m.physicalCores());
        strings(g, "isa", m.isa());
        g.writeStringField("caches", m.caches());
        g.writeStringField("cacheSource", m.cacheSource());
        g.writeStringField("kernelBlocking", m.kernelBlocking());
        g.writeStringField("os", m.os());
        g.writeStringField("jdk", m.jdk());
        strings(g, "jvmArgs", m.jvmArgs());
        g.writeObjectFieldStart("vmOptions");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m.vmOptions()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeStringField("provider", m.provider());
        g.writeNumberField("vectorBits", m.vectorBits());
        g.writeBooleanField("fma", m.fma());
        g.writeNumberField("preferredBits", m.preferredBits());
        g.writeArrayFieldStart("threads");
        for (int t : m.threads()) {
            g.writeNumber(t);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void section(JsonGenerator g, Section s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("title", s.title());
        g.writeStringField("description", s.description());
        g.writeArrayFieldStart("missing");
        for (Missing m : s.missing()) {
            g.writeStartObject();
            g.writeStringField("what", m.what());
            g.writeStringField("reason", m.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rows");
        for (Row row : s.rows()) {
            row(g, row);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void row(JsonGenerator g, Row r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("case", r.caseName());
        g.writeStringField("impl", r.impl());
        if (r.algorithm() != null) {
            g.writeStringField("algorithm", r.algorithm());
        }
        g.writeStringField("variant", r.variant());
        g.writeStringField("threadsKey", r.threadsKey());
        g.writeNumberField("threads", r.threads());
        g.writeArrayFieldStart("figures");
        for (Figure f : r.figures()) {
            g.writeStartObject();
            g.writeStringField("name", f.name());
            g.writeStringField("unit", f.unit());
            g.writeNumberField("median", f.median());
            g.writeNumberField("ciLow", f.ciLow());
            g.writeNumberField("ciHigh", f.ciHigh());
            g.writeNumberField("ciLevel", f.ciLevel());
            g.writeNumberField("samples", f.samples());
            g.writeBooleanField("higherIsBetter", f.higherIsBetter());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.percentOfLimit() != null) {
            Percent p = r.percentOfLimit();
            g.writeObjectFieldStart("percentOfLimit");
            g.writeStringField("limit", p.limit());
            g.writeNumberField("median", p.median());
            g.writeNumberField("low", p.low());
            g.writeNumberField("high", p.high());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("forkMedians");
        for (double d : r.forkMedians()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        strings(g, "flags", r.flags());
        if (r.error() != null) {
            g.writeStringField("error", r.error());
        }
        if (r.measuredError() != null) {
            g.writeNumberField("measuredError", r.measuredError());
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads a report written by {@link #write}.
     *
     * @throws IOException              on a read error or malformed JSON
     * @throws IllegalArgumentException for another schema, or a field missing or of the wrong type (named)
     */
    public static Report read(Reader in) throws IOException {
        Object root;
        try {
            root = JsonValues.parse(in);
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("report.json: " + e.getMessage(), e);
        }
        JsonFields r = new JsonFields(root, "report.json", "report");
        String schema = r.string("schema");
        if (!Report.SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("report.json: expected schema '" + Report.SCHEMA + "', got '" + schema
                    + "' (not a ResVec bench report, or one of another version)");
        }
        return new Report(schema, r.string("created"), r.string("mode"), r.number("durationSeconds"),
                r.string("command"), machine(r.obj("machine")), r.string("measurement"),
                r.list("variants", v -> new Variant(v.string("id"), v.string("label"), v.strings("jvmArgs"),
                        v.string("provider"))),
                r.list("peers", p -> new PeerStatus(p.string("peer"), p.bool("ran"), p.string("detail"))),
                r.list("sections", ReportJson::section));
    }

    private static Machine machine(JsonFields m) {
        Map<String, String> vm = m.stringMap("vmOptions");
        List<Integer> threads = m.numbers("threads").stream().map(Double::intValue).toList();
        return new Machine(m.string("cpuModel"), (int) m.number("logicalCpus"), (int) m.number("physicalCores"),
                m.strings("isa"), m.string("caches"), m.string("cacheSource"), m.string("kernelBlocking"),
                m.string("os"), m.string("jdk"), m.strings("jvmArgs"), vm, m.string("provider"),
                (int) m.number("vectorBits"), m.bool("fma"), (int) m.number("preferredBits"), threads);
    }

    private static Section section(JsonFields s) {
        String id = s.string("id");
        return new Section(id, s.string("title"), s.string("description"),
                s.list("rows", row -> row(row, id)),
                s.list("missing", m -> new Missing(m.string("what"), m.string("reason"))));
    }

    private static Row row(JsonFields r, String section) {
        List<Figure> figures = r.list("figures", f -> new Figure(f.string("name"), f.string("unit"),
                f.number("median"), f.number("ciLow"), f.number("ciHigh"), f.number("ciLevel"),
                (int) f.number("samples"), f.bool("higherIsBetter")));
        Percent percent = null;
        if (r.has("percentOfLimit")) {
            JsonFields p = r.obj("percentOfLimit");
            percent = new Percent(p.string("limit"), p.number("median"), p.number("low"), p.number("high"));
        }
        List<Double> forks = r.numbers("forkMedians");
        return new Row(section, r.string("case"), r.string("impl"), r.optString("algorithm"), r.string("variant"),
                r.string("threadsKey"), (int) r.number("threads"), figures, percent, forks, r.strings("flags"),
                r.optString("error"), r.has("measuredError") ? r.number("measuredError") : null);
    }
}
