package dev.resvec.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and checks a safetensors header (the JSON between the length prefix and the data section). Every check of
 * the format that the header alone can decide is made here, each with its own message, so that decoding the data
 * afterwards cannot go out of bounds: entries complete and well-typed, known dtypes, shapes that fit a
 * {@link dev.resvec.core.Tensor}, byte ranges that match their shapes, lie inside the data section, and cover it
 * exactly once (the format forbids overlaps and holes, as the reference implementation checks).
 */
final class HeaderParser {
    static final String METADATA_KEY = "__metadata__";

    /**
     * Jackson's default limits (20 M chars per string, 50 k per name) are below what a header within the 100 MB
     * cap may legally hold; the cap itself bounds memory, so let strings and names go up to it.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(SafeTensors.MAX_HEADER_BYTES)
                    .maxNameLength(SafeTensors.MAX_HEADER_BYTES)
                    .build())
            .build();

    private final String source;
    private final long dataLength;

    private HeaderParser(String source, long dataLength) {
        this.source = source;
        this.dataLength = dataLength;
    }

    /**
     * @param header the header bytes (without the length prefix)
     * @param source the file's name, for messages
     * @param dataStart where the data section starts in the file (8 + header length)
     * @param dataLength the data section's length
     * @return the checked header
     */
    static SafeTensorsHeader parse(byte[] header, String source, long dataStart, long dataLength)
            throws SafeTensorsFormatException {
        HeaderParser p = new HeaderParser(source, dataLength);
        String json = p.decodeUtf8(header);
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            p.parseRoot(parser, metadata, tensors);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw p.error("header is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (at character " + at.getCharOffset() + ")"), e);
        } catch (SafeTensorsFormatException e) {
            throw e;
        } catch (IOException e) {
            // a parser over a String does no I/O; any other IOException is still a malformed header
            throw p.error("header could not be parsed: " + e.getMessage(), e);
        }
        List<TensorInfo> list = new ArrayList<>(tensors.values());
        p.checkCoverage(list);
        return new SafeTensorsHeader(metadata, list, dataStart, dataLength);
    }

    private String decodeUtf8(byte[] header) throws SafeTensorsFormatException {
        try {
            // strict: the format says UTF-8, and a replacement character would silently change a key
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("header is not valid UTF-8 (" + e + ")", e);
        }
    }

    private void parseRoot(JsonParser parser, Map<String, String> metadata, Map<String, TensorInfo> tensors)
            throws IOException {
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw error("header is not a JSON object (it starts with " + describe(t, parser) + ")");
        }
        boolean sawMetadata = false;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            if (METADATA_KEY.equals(key)) {
                if (sawMetadata) {
                    throw error("duplicate key \"" + METADATA_KEY + "\" in the header");
                }
                sawMetadata = true;
                parseMetadata(parser, metadata);
            } else {
                if (tensors.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\" in the header");
                }
                tensors.put(key, parseEntry(parser, key));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw error("header's JSON object is not closed");
        }
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw error("header has content after its JSON object: " + describe(after, parser));
        }
    }

    private void parseMetadata(JsonParser parser, Map<String, String> metadata) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return; // what a writer given no metadata may emit
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("\"" + METADATA_KEY + "\" is not a JSON object but " + describe(t, parser));
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw error("\"" + METADATA_KEY + "\" value of \"" + key + "\" is not a string but "
                        + describe(v, parser) + " (the format allows only string values)");
            }
            if (metadata.put(key, parser.getText()) != null) {
                throw error("duplicate key \"" + key + "\" in \"" + METADATA_KEY + "\"");
            }
        }
    }

    private TensorInfo parseEntry(JsonParser parser, String key) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw tensorError(key, "entry is not a JSON object but " + describe(t, parser));
        }
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (dtypeName != null) {
                        throw tensorError(key, "duplicate field \"dtype\"");
                    }
                    if (parser.currentToken() != JsonToken.VALUE_STRING) {
                        throw tensorError(key, "\"dtype\" is not a string but "
                                + describe(parser.currentToken(), parser));
                    }
                    dtypeName = parser.getText();
                }
                case "shape" -> {
                    if (shape != null) {
                        throw tensorError(key, "duplicate field \"shape\"");
                    }
                    shape = integers(parser, key, "shape");
                }
                case "data_offsets" -> {
                    if (offsets != null) {
                        throw tensorError(key, "duplicate field \"data_offsets\"");
                    }
                    offsets = integers(parser, key, "data_offsets");
                }
                default -> parser.skipChildren(); // unknown fields: ignored, as the reference reader does
            }
        }
        if (dtypeName == null) {
            throw tensorError(key, "entry has no \"dtype\"");
        }
        if (shape == null) {
            throw tensorError(key, "entry has no \"shape\"");
        }
        if (offsets == null) {
            throw tensorError(key, "entry has no \"data_offsets\"");
        }
        return check(key, dtypeName, shape, offsets);
    }

    /** Reads a JSON array of non-negative integers that fit a long; the caller checks the count and ranges. */
    private long[] integers(JsonParser parser, String key, String field) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw tensorError(key, "\"" + field + "\" is not an array but " + describe(parser.currentToken(), parser));
        }
        long[] out = new long[4];
        int n = 0;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw tensorError(key, "\"" + field + "\" holds " + describe(t, parser) + ", not an integer");
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw tensorError(key, "\"" + field + "\" holds " + parser.getText()
                        + ", which does not fit in 64 bits");
            }
            long v = parser.getLongValue();
            if (v < 0) {
                throw tensorError(key, "\"" + field + "\" holds a negative number, " + v);
            }
            if (n == out.length) {
                // grow by doubling, but the header's size (capped) bounds n, so no lying count can blow this up
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    private TensorInfo check(String key, String dtypeName, long[] dims, long[] offsets)
            throws SafeTensorsFormatException {
        SafeTensorsDType dtype = SafeTensorsDType.fromName(dtypeName).orElseThrow(() -> tensorError(key,
                "unknown or unsupported dtype \"" + dtypeName + "\" (ResVec reads "
                        + SafeTensorsDType.supportedNames() + ")"));
        int[] shape = new int[dims.length];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw tensorError(key, "shape " + Arrays.toString(dims) + " has dimension " + i + " = " + dims[i]
                        + ", above the largest a tensor holds (2^31-1)");
            }
            shape[i] = (int) dims[i];
            // both factors are below 2^31 and the product so far is checked below, so this cannot overflow
            numel *= dims[i];
            if (numel > Integer.MAX_VALUE) {
                throw tensorError(key, "shape " + Arrays.toString(dims)
                        + " has more elements than a tensor holds (2^31-1)");
            }
        }
        if (offsets.length != 2) {
            throw tensorError(key, "\"data_offsets\" " + Arrays.toString(offsets)
                    + " must be two numbers [begin, end]");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw tensorError(key, "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long needed = numel * dtype.byteSize();
        if (end - begin != needed) {
            throw tensorError(key, "shape " + Arrays.toString(shape) + " " + dtype + " needs " + needed
                    + " bytes but data_offsets [" + begin + ", " + end + "] give " + (end - begin));
        }
        if (end > dataLength) {
            throw tensorError(key, "data_offsets [" + begin + ", " + end + "] reach beyond the data section, which is "
                    + dataLength + " bytes (a truncated file?)");
        }
        return new TensorInfo(key, dtype, shape, begin, end);
    }

    /**
     * The format requires the tensors' byte ranges to tile the data section: no overlap (two tensors sharing
     * bytes), no hole, nothing after the last one. Sorting by (begin, end) puts empty tensors, which may sit at
     * any offset, before the tensor that starts there.
     */
    private void checkCoverage(List<TensorInfo> tensors) throws SafeTensorsFormatException {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        // the last non-empty tensor: it ends at `covered`, so it is the one that a tensor starting earlier overlaps
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < covered) {
                throw tensorError(t.name(), "data_offsets [" + t.begin() + ", " + t.end() + "] overlap those of \""
                        + previous.name() + "\" [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (t.begin() > covered) {
                String where = previous == null ? "before \"" + t.name() + "\""
                        : "between \"" + previous.name() + "\" and \"" + t.name() + "\"";
                throw error("bytes [" + covered + ", " + t.begin() + ") of the data section belong to no tensor "
                        + "(a hole " + where + "); the format requires the data to be contiguous");
            }
            if (t.byteLength() > 0) {
                previous = t;
                covered = t.end();
            }
        }
        if (covered != dataLength) {
            throw error("the data section is " + dataLength + " bytes but the tensors cover only [0, " + covered
                    + "): " + (dataLength - covered) + " trailing bytes belong to no tensor");
        }
    }

    private static String describe(JsonToken t, JsonParser parser) throws IOException {
        if (t == null) {
            return "nothing (the header is empty)";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + parser.getText() + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case VALUE_NULL -> "null";
            default -> parser.getText();
        };
    }

    private SafeTensorsFormatException tensorError(String key, String message) {
        return error("tensor \"" + key + "\": " + message);
    }

    private SafeTensorsFormatException error(String message) {
        return new SafeTensorsFormatException(source + ": " + message);
    }

    private SafeTensorsFormatException error(String message, Throwable cause) {
        return new SafeTensorsFormatException(source + ": " + message, cause);
    }
}
