package dev.resvec.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A JSON object (as {@link JsonValues} reads it) with typed accessors whose errors name the document and the path
 * of the field that is missing or of the wrong type, e.g. {@code report.json: report.sections[2].rows[0].case is
 * missing}.
 */
public final class JsonFields {
    private final Map<?, ?> map;
    private final String document;
    private final String path;

    /**
     * @param value    a parsed value, which must be an object
     * @param document the document's name for errors, e.g. {@code report.json}
     * @param path     where the object is in it
     * @throws IllegalArgumentException when the value is not an object
     */
    public JsonFields(Object value, String document, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(document + ": " + path + " must be an object");
        }
        this.map = m;
        this.document = document;
        this.path = path;
    }

    private IllegalArgumentException error(String field, String what) {
        return new IllegalArgumentException(document + ": " + path + "." + field + " " + what);
    }

    /** @return whether the field is present and not null */
    public boolean has(String field) {
        return map.get(field) != null;
    }

    private Object get(String field) {
        if (!map.containsKey(field)) {
            throw error(field, "is missing");
        }
        return map.get(field);
    }

    public String string(String field) {
        if (get(field) instanceof String s) {
            return s;
        }
        throw error(field, "must be a string");
    }

    /** @return the string, or null when the field is absent or null */
    public String optString(String field) {
        return map.get(field) == null ? null : string(field);
    }

    public double number(String field) {
        if (get(field) instanceof Number n) {
            return n.doubleValue();
        }
        throw error(field, "must be a number");
    }

    public boolean bool(String field) {
        if (get(field) instanceof Boolean b) {
            return b;
        }
        throw error(field, "must be true or false");
    }

    public JsonFields obj(String field) {
        return new JsonFields(get(field), document, path + "." + field);
    }

    public List<?> array(String field) {
        if (get(field) instanceof List<?> l) {
            return l;
        }
        throw error(field, "must be an array");
    }

    public List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        for (Object o : array(field)) {
            if (!(o instanceof String s)) {
                throw error(field, "must hold strings");
            }
            out.add(s);
        }
        return out;
    }

    public List<Double> numbers(String field) {
        List<Double> out = new ArrayList<>();
        for (Object o : array(field)) {
            if (!(o instanceof Number n)) {
                throw error(field, "must hold numbers");
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    /** @return the object's fields as strings (numbers and booleans as their JSON text) */
    public Map<String, String> stringMap(String field) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        obj(field).map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    /** @return each element of an array of objects, mapped */
    public <T> List<T> list(String field, Function<JsonFields, T> each) {
        List<?> items = array(field);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(each.apply(new JsonFields(items.get(i), document, path + "." + field + "[" + i + "]")));
        }
        return out;
    }
}
