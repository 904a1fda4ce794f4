package dev.resvec.nn.io;

import static dev.resvec.nn.io.StBytes.f32;
import static dev.resvec.nn.io.StBytes.file;
import static dev.resvec.nn.io.StBytes.withLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of malformed file gets its own error, naming the source, the key and the numbers that do not fit. */
class SafeTensorsMalformedTest {
    private static final String SRC = "bad.safetensors";

    @TempDir
    Path dir;

    private static String error(byte[] bytes) {
        return assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.load(bytes, SRC)).getMessage();
    }

    private String fileError(byte[] bytes) throws IOException {
        Path p = dir.resolve("m.safetensors");
        Files.write(p, bytes);
        return assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(p)).getMessage();
    }

    private static String entry(String dtype, String shape, long begin, long end) {
        return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    // ------------------------------------------------------------------------------------------------ length prefix

    @Test
    void fileShorterThanTheLengthPrefix() throws IOException {
        assertEquals(SRC + ": file is 5 bytes, shorter than the 8-byte header length that starts every safetensors "
                + "file", error(new byte[5]));
        String viaPath = fileError(new byte[0]);
        assertEquals(dir.resolve("m.safetensors") + ": file is 0 bytes, shorter than the 8-byte header length that "
                + "starts every safetensors file", viaPath);
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        assertEquals(SRC + ": header length 1000 is larger than the 2 bytes that follow it (file is 10 bytes; "
                + "truncated or not a safetensors file)",
                error(withLength(1000, "{}".getBytes(StandardCharsets.UTF_8))));
        // a lying length near 2^64 must be read as unsigned (not negative), and must allocate nothing
        assertTrue(error(withLength(-1L, new byte[16])).contains("header length 18446744073709551615 is larger than "
                + "the 16 bytes that follow it"));
        assertTrue(fileError(withLength(1L << 62, new byte[3]))
                .contains("header length 4611686018427387904 is larger"));
    }

    @Test
    void headerLengthAboveTheCapInALargeSparseFile() throws IOException {
        // the file really has more bytes than the header claims, so only the cap stops it; the file is sparse and
        // mapped, so the test itself allocates nothing close to 100 MB
        Path p = dir.resolve("huge.safetensors");
        long claimed = SafeTensors.MAX_HEADER_BYTES + 1L;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(StBytes.le64(claimed));
            f.setLength(8 + claimed + 8);
        }
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(p));
        assertEquals(p + ": header length 100000001 exceeds the 100000000-byte cap on headers (the reference "
                + "implementation's)", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ header JSON

    @Test
    void headerNotUtf8() {
        String m = error(withLength(4, new byte[] {'{', (byte) 0xFF, '}', ' '}));
        assertTrue(m.startsWith(SRC + ": header is not valid UTF-8 ("), m);
    }

    @Test
    void headerNotJson() {
        String m = error(file("{\"a\": ", new byte[0]));
        assertTrue(m.startsWith(SRC + ": header is not valid JSON: "), m);
    }

    @Test
    void headerNotAnObject() {
        assertEquals(SRC + ": header is not a JSON object (it starts with an array)",
                error(file("[1, 2]", new byte[0])));
        assertEquals(SRC + ": header is not a JSON object (it starts with nothing (the header is empty))",
                error(file("", new byte[0])));
        assertEquals(SRC + ": header has content after its JSON object: an object", error(file("{}{}", new byte[0])));
    }

    @Test
    void entryNotAnObject() {
        assertEquals(SRC + ": tensor \"a\": entry is not a JSON object but the number 3", error(file("{\"a\":3}",
                new byte[0])));
    }

    @Test
    void entryMissingAField() {
        assertEquals(SRC + ": tensor \"w\": entry has no \"dtype\"",
                error(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", f32(1))));
        assertEquals(SRC + ": tensor \"w\": entry has no \"shape\"",
                error(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", f32(1))));
        assertEquals(SRC + ": tensor \"w\": entry has no \"data_offsets\"",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", f32(1))));
    }

    @Test
    void entryFieldsOfTheWrongKind() {
        assertEquals(SRC + ": tensor \"w\": \"dtype\" is not a string but the number 4",
                error(file("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", f32(1))));
        assertEquals(SRC + ": tensor \"w\": \"shape\" is not an array but the string \"1\"",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", f32(1))));
        assertEquals(SRC + ": tensor \"w\": \"shape\" holds the number 2.0, not an integer",
                error(file("{\"w\":" + entry("F32", "[2.0]", 0, 8) + "}", f32(1, 2))));
        assertEquals(SRC + ": tensor \"w\": \"data_offsets\" [0] must be two numbers [begin, end]",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0]}}", f32(1))));
        assertEquals(SRC + ": tensor \"w\": duplicate field \"shape\"",
                error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"shape\":[],\"data_offsets\":[0,4]}}", f32(1))));
    }

    @Test
    void unknownDtype() {
        String m = error(file("{\"w\":" + entry("F17", "[1]", 0, 4) + "}", f32(1)));
        assertEquals(SRC + ": tensor \"w\": unknown or unsupported dtype \"F17\" (ResVec reads F64, F32, F16, BF16, "
                + "I64, I32, I16, I8, U8, BOOL)", m);
        // a dtype of the format that ResVec does not read gets the same clear error
        assertTrue(error(file("{\"w\":" + entry("F8_E4M3", "[4]", 0, 4) + "}", f32(1)))
                .startsWith(SRC + ": tensor \"w\": unknown or unsupported dtype \"F8_E4M3\""));
    }

    @Test
    void negativeDimension() {
        assertEquals(SRC + ": tensor \"w\": \"shape\" holds a negative number, -1",
                error(file("{\"w\":" + entry("F32", "[-1, 2]", 0, 8) + "}", f32(1, 2))));
    }

    @Test
    void shapeOverflow() {
        assertEquals(SRC + ": tensor \"w\": shape [2147483648] has dimension 0 = 2147483648, above the largest a "
                + "tensor holds (2^31-1)", error(file("{\"w\":" + entry("F32", "[2147483648]", 0, 4) + "}", f32(1))));
        // each dimension fits, the product does not: caught before any allocation
        assertEquals(SRC + ": tensor \"w\": shape [65536, 65536] has more elements than a tensor holds (2^31-1)",
                error(file("{\"w\":" + entry("F32", "[65536, 65536]", 0, 4) + "}", f32(1))));
        assertEquals(SRC + ": tensor \"w\": \"shape\" holds 99999999999999999999, which does not fit in 64 bits",
                error(file("{\"w\":" + entry("F32", "[99999999999999999999]", 0, 4) + "}", f32(1))));
    }

    @Test
    void byteCountDoesNotMatchTheShape() {
        String json = "{\"conv1.weight\":" + entry("F32", "[64, 3, 7, 7]", 0, 100) + "}";
        assertEquals(SRC + ": tensor \"conv1.weight\": shape [64, 3, 7, 7] F32 needs 37632 bytes but data_offsets "
                + "[0, 100] give 100", error(file(json, new byte[100])));
    }

    @Test
    void offsetsEndBeforeTheyBegin() {
        assertEquals(SRC + ": tensor \"w\": data_offsets [8, 4] end before they begin",
                error(file("{\"w\":" + entry("F32", "[]", 8, 4) + "}", f32(1, 2))));
    }

    @Test
    void offsetsBeyondTheDataSection() throws IOException {
        // the shape and the range agree, but the file was cut short: a truncated download
        assertEquals(SRC + ": tensor \"w\": data_offsets [0, 16] reach beyond the data section, which is 8 bytes "
                + "(a truncated file?)", error(file("{\"w\":" + entry("F32", "[4]", 0, 16) + "}", f32(1, 2))));
        // a lying shape that would need 400 MB: rejected from the header, nothing allocated
        String m = fileError(file("{\"w\":" + entry("F32", "[100000000]", 0, 400_000_000) + "}", f32(1)));
        assertTrue(m.endsWith("tensor \"w\": data_offsets [0, 400000000] reach beyond the data section, which is 4 "
                + "bytes (a truncated file?)"), m);
    }

    @Test
    void overlappingData() {
        String json = "{\"a\":" + entry("F32", "[2]", 0, 8) + ",\"b\":" + entry("F32", "[2]", 4, 12) + "}";
        assertEquals(SRC + ": tensor \"b\": data_offsets [4, 12] overlap those of \"a\" [0, 8]",
                error(file(json, f32(1, 2, 3))));
        // two tensors on the very same bytes
        String same = "{\"a\":" + entry("F32", "[1]", 0, 4) + ",\"b\":" + entry("F32", "[1]", 0, 4) + "}";
        assertEquals(SRC + ": tensor \"b\": data_offsets [0, 4] overlap those of \"a\" [0, 4]",
                error(file(same, f32(1))));
    }

    @Test
    void holeInTheData() {
        String json = "{\"a\":" + entry("F32", "[2]", 0, 8) + ",\"b\":" + entry("F32", "[2]", 12, 20) + "}";
        assertEquals(SRC + ": bytes [8, 12) of the data section belong to no tensor (a hole between \"a\" and \"b\"); "
                + "the format requires the data to be contiguous", error(file(json, f32(1, 2, 0, 3, 4))));
        assertEquals(SRC + ": bytes [0, 4) of the data section belong to no tensor (a hole before \"a\"); the format "
                + "requires the data to be contiguous", error(file("{\"a\":" + entry("F32", "[2]", 4, 12) + "}",
                f32(0, 1, 2))));
    }

    @Test
    void trailingBytesAfterTheLastTensor() {
        assertEquals(SRC + ": the data section is 12 bytes but the tensors cover only [0, 8): 4 trailing bytes belong "
                + "to no tensor", error(file("{\"a\":" + entry("F32", "[2]", 0, 8) + "}", f32(1, 2, 3))));
    }

    @Test
    void duplicateKeys() {
        String json = "{\"a\":" + entry("F32", "[1]", 0, 4) + ",\"a\":" + entry("F32", "[1]", 4, 8) + "}";
        assertEquals(SRC + ": duplicate key \"a\" in the header", error(file(json, f32(1, 2))));
        assertEquals(SRC + ": duplicate key \"__metadata__\" in the header",
                error(file("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0])));
    }

    @Test
    void malformedMetadata() {
        assertEquals(SRC + ": \"__metadata__\" is not a JSON object but an array",
                error(file("{\"__metadata__\":[]}", new byte[0])));
        assertEquals(SRC + ": \"__metadata__\" value of \"epoch\" is not a string but the number 3 (the format allows "
                + "only string values)", error(file("{\"__metadata__\":{\"epoch\":3}}", new byte[0])));
    }
}
