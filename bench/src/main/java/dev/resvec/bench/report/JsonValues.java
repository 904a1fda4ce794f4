package dev.resvec.bench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain Java values, read with jackson-core's streaming parser: objects as {@link LinkedHashMap},
 * arrays as {@link ArrayList}, numbers as {@link Double}, strings, booleans and null as themselves. For the report
 * file, JMH's {@code -rf json} result files, and the small documents the child processes (environment probe,
 * PyTorch script) print. Bare {@code NaN} and {@code Infinity} are numbers: JMH writes them.
 */
public final class JsonValues {
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private JsonValues() {}

    /**
     * @return the one value the text holds
     * @throws IllegalArgumentException for malformed JSON, no value, or text after the value
     */
    public static Object parse(String text) {
        try {
            return parse(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @return the one value the reader holds
     * @throws IOException              on a read error or malformed JSON
     * @throws IllegalArgumentException for no value, or text after the value
     */
    public static Object parse(Reader in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("empty JSON document");
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the JSON value");
            }
            return value;
        }
    }

    /** @return the value at the parser's current token, consuming it */
    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected JSON token " + t);
        };
    }
}
