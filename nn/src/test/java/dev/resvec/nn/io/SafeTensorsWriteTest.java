package dev.resvec.nn.io;

import static dev.resvec.nn.io.StBytes.concat;
import static dev.resvec.nn.io.StBytes.f32;
import static dev.resvec.nn.io.StBytes.f64;
import static dev.resvec.nn.io.StBytes.i64;
import static dev.resvec.nn.io.StBytes.le64;
import static dev.resvec.nn.io.StBytes.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing: exact round trips, the bytes the format prescribes, and on-disk dtype overrides. */
class SafeTensorsWriteTest {
    @TempDir
    Path dir;

    /** Compares values bit for bit (so -0.0 and NaN count), shape and dtype. */
    private static void assertSame(Tensor expected, Tensor actual, String key) {
        assertEquals(expected.dtype(), actual.dtype(), key);
        assertArrayEquals(expected.shape(), actual.shape(), key);
        if (expected.dtype() == DType.FLOAT32) {
            float[] e = expected.toFloatArray();
            float[] a = actual.toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), key + "[" + i + "]");
            }
        } else {
            double[] e = expected.toDoubleArray();
            double[] a = actual.toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), key + "[" + i + "]");
            }
        }
    }

    @Test
    void roundTripIsExact() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("conv1.weight", Tensor.randn(DType.FLOAT32, 1, 64, 3, 7, 7));
        tensors.put("fc.bias", Tensor.randn(DType.FLOAT32, 2, 10));
        tensors.put("scalar", Tensor.scalar(DType.FLOAT32, -1.25));
        tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        tensors.put("double.weight", Tensor.randn(DType.FLOAT64, 3, 5, 4));
        tensors.put("double.scalar", Tensor.scalar(DType.FLOAT64, Math.PI));
        tensors.put("double.empty", Tensor.zeros(DType.FLOAT64, 2, 0));
        tensors.put("Gewicht.ä.日本.🙂", Tensor.rand(DType.FLOAT32, 4, 3));
        tensors.put("specials", Tensor.fromArray(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f,
            Float.MAX_VALUE, Float.MIN_NORMAL}, 5));
        Map<String, String> metadata = Map.of("format", "pt", "résumé", "日本語 🙂", "empty", "");
        Path p = dir.resolve("rt.safetensors");
        SafeTensors.write(p, tensors, metadata);

        SafeTensorsContent c = SafeTensors.load(p);
        assertEquals(tensors.keySet(), c.tensors().keySet());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            assertSame(e.getValue(), c.tensors().get(e.getKey()), e.getKey());
        }
        assertEquals(metadata, c.metadata());
        assertEquals(SafeTensorsDType.F64, c.storedDTypes().get("double.weight"));
        assertEquals(SafeTensorsDType.F32, c.storedDTypes().get("conv1.weight"));
    }

    /** A small file compared byte for byte with one built from the format's description. */
    @Test
    void writtenBytesAreThoseTheFormatPrescribes() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.fromArray(new float[] {1.5f, -2}, 2));
        tensors.put("a", Tensor.fromArray(new float[] {3}, 1));
        tensors.put("c", Tensor.scalar(DType.FLOAT64, 0.1));
        Path p = dir.resolve("small.safetensors");
        SafeTensors.write(p, tensors, Map.of("format", "pt"));

        // larger elements first, then by name: c (F64), a, b; metadata first; offsets from the data section start
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"c\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}";
        int n = json.length();
        String padded = json + " ".repeat((8 - n % 8) % 8);
        byte[] expected = concat(le64(padded.length()), padded.getBytes(StandardCharsets.UTF_8), f64(0.1),
                f32(3), f32(1.5f, -2));
        assertArrayEquals(expected, Files.readAllBytes(p));
        assertEquals(0, padded.length() % 8);
    }

    @Test
    void headerOfAnEmptyMapIsPaddedToEightBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, Map.of(), Map.of());
        assertArrayEquals(concat(le64(8), "{}      ".getBytes(StandardCharsets.US_ASCII)), out.toByteArray());
        assertEquals(Map.of(), SafeTensors.load(out.toByteArray(), "mem").tensors());
    }

    @Test
    void pytorchDTypesStoreNumBatchesTrackedAsI64AndSurviveARoundTrip() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("bn1.weight", Tensor.ones(DType.FLOAT32, 2));
        state.put("bn1.num_batches_tracked", Tensor.scalar(DType.FLOAT32, 7));
        state.put("layer1.0.bn2.num_batches_tracked", Tensor.scalar(DType.FLOAT32, 123456));
        state.put("not_num_batches_tracked", Tensor.scalar(DType.FLOAT32, 1));
        Map<String, SafeTensorsDType> dtypes = SafeTensors.pytorchDTypes(state);
        assertEquals(Map.of("bn1.num_batches_tracked", SafeTensorsDType.I64,
                "layer1.0.bn2.num_batches_tracked", SafeTensorsDType.I64), dtypes);

        Path p = dir.resolve("bn.safetensors");
        SafeTensors.write(p, state, Map.of(), dtypes);
        SafeTensorsHeader h = SafeTensors.readHeader(p);
        TensorInfo first = h.tensors().get(0);
        assertEquals(new TensorInfo("bn1.num_batches_tracked", SafeTensorsDType.I64, new int[0], 0, 8), first);
        byte[] bytes = Files.readAllBytes(p);
        assertArrayEquals(concat(i64(7), i64(123456)),
                Arrays.copyOfRange(bytes, (int) h.dataStart(), (int) h.dataStart() + 16));

        // read and written back with the stored dtypes: the very same file
        SafeTensorsContent c = SafeTensors.load(p);
        Path again = dir.resolve("again.safetensors");
        SafeTensors.write(again, c.tensors(), c.metadata(), c.storedDTypes());
        assertArrayEquals(bytes, Files.readAllBytes(again));
    }

    @Test
    void halfPrecisionOverridesRoundToNearestEven() throws IOException {
        // inputs chosen by their bits, expected halves worked out by hand from the two formats
        float third = 1f / 3;                           // 0x3EAAAAAB
        float bfTieEven = Float.intBitsToFloat(0x3F808000); // halfway between bf16 0x3F80 and 0x3F81: stays even
        float bfTieOdd = Float.intBitsToFloat(0x3F818000);  // halfway between 0x3F81 and 0x3F82: up to even
        Map<String, Tensor> t = Map.of(
                "h", Tensor.fromArray(new float[] {third, 65504, 65520, -2, 1e-8f}, 5),
                "b", Tensor.fromArray(new float[] {third, bfTieEven, bfTieOdd, Float.MAX_VALUE, Float.NaN}, 5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, t, Map.of(), Map.of("h", SafeTensorsDType.F16, "b", SafeTensorsDType.BF16));
        SafeTensorsContent c = SafeTensors.load(out.toByteArray(), "mem");
        SafeTensorsHeader h = headerOf(out.toByteArray());
        ByteBuffer data = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        // F16: 1/3 -> 0x3555; 65504 is the largest half; 65520 is the tie above it -> rounds to even = infinity;
        // -2 -> 0xC000; 1e-8 is below half the smallest subnormal (2^-25 = 2.98e-8) -> +0
        assertArrayEquals(u16(0x3555, 0x7BFF, 0x7C00, 0xC000, 0x0000), slice(data, h, "h"));
        // BF16: 1/3 rounds up (low half 0xAAAB > 0x8000); ties to even; MAX_VALUE overflows to infinity; NaN kept
        assertArrayEquals(u16(0x3EAB, 0x3F80, 0x3F82, 0x7F80, 0x7FC0), slice(data, h, "b"));
        assertEquals(SafeTensorsDType.F16, c.storedDTypes().get("h"));
        assertArrayEquals(new float[] {0.333251953125f, 65504, Float.POSITIVE_INFINITY, -2, 0},
                c.tensors().get("h").toFloatArray());
    }

    private static SafeTensorsHeader headerOf(byte[] bytes) throws IOException {
        Path p = Files.createTempFile("h", ".safetensors");
        try {
            Files.write(p, bytes);
            return SafeTensors.readHeader(p);
        } finally {
            Files.delete(p);
        }
    }

    private static byte[] slice(ByteBuffer file, SafeTensorsHeader h, String key) {
        TensorInfo info = h.tensors().stream().filter(i -> i.name().equals(key)).findFirst().orElseThrow();
        byte[] out = new byte[(int) info.byteLength()];
        file.get((int) (h.dataStart() + info.begin()), out);
        return out;
    }

    @Test
    void integerOverridesCheckThatValuesFit() {
        Map<String, Tensor> t = Map.of("n", Tensor.fromArray(new float[] {1, 2.5f}, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(
                new ByteArrayOutputStream(), t, Map.of(), Map.of("n", SafeTensorsDType.I64)));
        assertEquals("safetensors: tensor \"n\" is to be stored as I64 but element 1 (shape [2]) is 2.5, not an "
                + "integer in [-9223372036854775808, 9223372036854775807]", e.getMessage());
        Map<String, Tensor> big = Map.of("u", Tensor.fromArray(new float[] {256}, 1));
        assertEquals("safetensors: tensor \"u\" is to be stored as U8 but element 0 (shape [1]) is 256.0, not an "
                + "integer in [0, 255]", assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(
                new ByteArrayOutputStream(), big, Map.of(), Map.of("u", SafeTensorsDType.U8))).getMessage());
        // 2^63 is the first double above Long.MAX_VALUE
        Map<String, Tensor> huge = Map.of("l", Tensor.fromArray(new double[] {0x1p63}, 1));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(new ByteArrayOutputStream(), huge,
                Map.of(), Map.of("l", SafeTensorsDType.I64)));
    }

    @Test
    void integerAndBoolOverridesRoundTrip() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("i32", Tensor.fromArray(new double[] {-2147483648.0, 2147483647.0}, 2));
        t.put("i16", Tensor.fromArray(new double[] {-32768, 32767}, 2));
        t.put("i8", Tensor.fromArray(new double[] {-128, 127}, 2));
        t.put("u8", Tensor.fromArray(new double[] {0, 255}, 2));
        t.put("bool", Tensor.fromArray(new double[] {1, 0}, 2));
        t.put("i64", Tensor.fromArray(new double[] {-0x1p63, 0x1p53}, 2));
        Map<String, SafeTensorsDType> dtypes = Map.of("i32", SafeTensorsDType.I32, "i16", SafeTensorsDType.I16,
                "i8", SafeTensorsDType.I8, "u8", SafeTensorsDType.U8, "bool", SafeTensorsDType.BOOL,
                "i64", SafeTensorsDType.I64);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, t, Map.of(), dtypes);
        SafeTensorsContent c = SafeTensors.load(out.toByteArray(), "mem");
        for (Map.Entry<String, Tensor> e : t.entrySet()) {
            assertSame(e.getValue(), c.tensors().get(e.getKey()), e.getKey());
        }
        assertEquals(dtypes, c.storedDTypes());
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingIsWritten() {
        Path p = dir.resolve("never.safetensors");
        Map<String, Tensor> one = Map.of("w", Tensor.ones(1));
        assertEquals("safetensors: a dtype override names \"x\", which is not one of the tensors to write",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, one, Map.of(),
                        Map.of("x", SafeTensorsDType.I64))).getMessage());
        assertEquals("safetensors: \"__metadata__\" is reserved for the metadata and cannot name a tensor",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p,
                        Map.of("__metadata__", Tensor.ones(1)), Map.of())).getMessage());
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("w", null);
        assertEquals("safetensors: tensor \"w\" is null",
                assertThrows(NullPointerException.class, () -> SafeTensors.write(p, withNull, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, Map.of("bad\uD800", Tensor.ones(1)),
                Map.of()));
        assertFalse(Files.exists(p));
    }

    @Test
    void streamVariantWritesTheSameBytesAndLeavesTheStreamOpen() throws IOException {
        Map<String, Tensor> t = Map.of("x", Tensor.randn(DType.FLOAT32, 9, 3, 3), "y",
                Tensor.randn(DType.FLOAT64, 10, 2));
        Path p = dir.resolve("s.safetensors");
        SafeTensors.write(p, t, Map.of("k", "v"));
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        SafeTensors.write(out, t, Map.of("k", "v"));
        assertArrayEquals(Files.readAllBytes(p), out.toByteArray());
        assertFalse(closed[0]);
        assertEquals(t.keySet(), SafeTensors.load(out.toByteArray(), "mem").tensors().keySet());
    }
}
