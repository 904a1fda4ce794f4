package dev.resvec.nn.io;

import static dev.resvec.nn.io.StBytes.concat;
import static dev.resvec.nn.io.StBytes.f32;
import static dev.resvec.nn.io.StBytes.f64;
import static dev.resvec.nn.io.StBytes.file;
import static dev.resvec.nn.io.StBytes.i32;
import static dev.resvec.nn.io.StBytes.i64;
import static dev.resvec.nn.io.StBytes.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built byte by byte from the format's description are read as the description says. */
class SafeTensorsReadTest {
    @TempDir
    Path dir;

    private Path save(byte[] bytes) throws IOException {
        Path p = dir.resolve("t.safetensors");
        Files.write(p, bytes);
        return p;
    }

    @Test
    void handBuiltFileIsReadAsTheFormatSays() throws IOException {
        String unicode = "gewicht_ä_日本_🙂";
        // header order, data order and name order all differ; the padding is spaces, as the reference writes
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[16,40]},"
                + "\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"},"
                + "\"" + unicode + "\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[40,40]}}    ";
        byte[] data = concat(f64(-2.5), i64(12345), f32(1, 2, 3, -4, 5.5f, 6e-3f));
        Path p = save(file(json, data));

        SafeTensorsContent c = SafeTensors.load(p);
        assertEquals(List.of("w", unicode, "bn.num_batches_tracked", "empty"), List.copyOf(c.tensors().keySet()));
        Tensor w = c.tensors().get("w");
        assertEquals(DType.FLOAT32, w.dtype());
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {1, 2, 3, -4, 5.5f, 6e-3f}, w.toFloatArray());
        Tensor u = c.tensors().get(unicode);
        assertEquals(DType.FLOAT64, u.dtype());
        assertEquals(0, u.rank());
        assertEquals(-2.5, u.item());
        Tensor n = c.tensors().get("bn.num_batches_tracked");
        assertEquals(DType.FLOAT64, n.dtype());
        assertEquals(12345.0, n.item());
        Tensor e = c.tensors().get("empty");
        assertArrayEquals(new int[] {0, 5}, e.shape());
        assertEquals(0, e.numel());
        assertEquals(Map.of("format", "pt", "note", "é"), c.metadata());
        assertEquals(Map.of("w", SafeTensorsDType.F32, unicode, SafeTensorsDType.F64,
                "bn.num_batches_tracked", SafeTensorsDType.I64, "empty", SafeTensorsDType.F32), c.storedDTypes());

        SafeTensorsHeader h = SafeTensors.readHeader(p);
        assertEquals(new TensorInfo("w", SafeTensorsDType.F32, new int[] {2, 3}, 16, 40), h.tensors().get(0));
        assertEquals(8 + json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, h.dataStart());
        assertEquals(40, h.dataLength());
        assertEquals(c.metadata(), SafeTensors.readMetadata(p));
    }

    @Test
    void emptyFileAndNullMetadataAndUnknownFieldsAreAccepted() throws IOException {
        assertTrue(SafeTensors.load(file("{}", new byte[0]), "m").tensors().isEmpty());
        SafeTensorsContent c = SafeTensors.load(file("{\"__metadata__\":null,\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4],\"future_field\":{\"x\":[1,2]}}}", f32(7)), "m");
        assertEquals(Map.of(), c.metadata());
        assertArrayEquals(new float[] {7}, c.tensors().get("a").toFloatArray());
    }

    /** Every one of the 65536 F16 patterns, against the IEEE 754 binary16 definition evaluated here. */
    @Test
    void f16DecodesEveryPattern() throws IOException {
        int[] bits = new int[65536];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = i;
        }
        float[] got = SafeTensors.load(file("{\"h\":{\"dtype\":\"F16\",\"shape\":[65536],\"data_offsets\":[0,131072]}}",
                u16(bits)), "m").tensors().get("h").toFloatArray();
        for (int i = 0; i < 65536; i++) {
            int sign = i >>> 15;
            int exp = (i >>> 10) & 0x1F;
            int man = i & 0x3FF;
            float magnitude;
            if (exp == 0) {
                magnitude = Math.scalb((float) man, -24); // subnormal half: exact, and a normal float
            } else if (exp == 31) {
                magnitude = man == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
            } else {
                magnitude = Math.scalb((float) (1024 + man), exp - 25);
            }
            float expected = sign == 1 ? -magnitude : magnitude;
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(got[i]), "pattern " + Integer.toHexString(i));
            } else {
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]),
                        "pattern " + Integer.toHexString(i));
                assertEquals(Float.float16ToFloat((short) i), got[i]); // and the JDK agrees
            }
        }
    }

    /** Every BF16 pattern, against its definition (sign, 8-bit exponent, 7-bit mantissa); subnormals flush. */
    @Test
    void bf16DecodesEveryPatternAndFlushesSubnormals() throws IOException {
        int[] bits = new int[65536];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = i;
        }
        float[] got = SafeTensors.load(file("{\"b\":{\"dtype\":\"BF16\",\"shape\":[65536],"
                + "\"data_offsets\":[0,131072]}}", u16(bits)), "m").tensors().get("b").toFloatArray();
        for (int i = 0; i < 65536; i++) {
            int sign = i >>> 15;
            int exp = (i >>> 7) & 0xFF;
            int man = i & 0x7F;
            float magnitude;
            if (exp == 0) {
                magnitude = 0; // zero, or a float subnormal that the loader flushes to zero
            } else if (exp == 255) {
                magnitude = man == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
            } else {
                magnitude = Math.scalb((float) (128 + man), exp - 134);
            }
            float expected = sign == 1 ? -magnitude : magnitude;
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(got[i]), "pattern " + Integer.toHexString(i));
            } else {
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]),
                        "pattern " + Integer.toHexString(i));
            }
        }
    }

    @Test
    void integerTypesBecomeExactDoubles() throws IOException {
        String json = "{\"l\":{\"dtype\":\"I64\",\"shape\":[5],\"data_offsets\":[0,40]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[40,52]},"
                + "\"s\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[52,56]},"
                + "\"b\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[56,58]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[58,60]},"
                + "\"t\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[60,63]}}";
        byte[] data = concat(i64(0, -1, 1L << 53, Long.MIN_VALUE, (1L << 53) + 1),
                i32(Integer.MIN_VALUE, Integer.MAX_VALUE, 7), u16(-32768, 32767),
                new byte[] {-128, 127}, new byte[] {(byte) 255, 0}, new byte[] {0, 1, 2});
        Map<String, Tensor> t = SafeTensors.load(file(json, data), "m").tensors();
        // 2^53 + 1 is the first I64 a double cannot hold: it rounds to 2^53 (documented)
        assertArrayEquals(new double[] {0, -1, 0x1p53, -0x1p63, 0x1p53}, t.get("l").toDoubleArray());
        assertArrayEquals(new double[] {-2147483648.0, 2147483647.0, 7}, t.get("i").toDoubleArray());
        assertArrayEquals(new double[] {-32768, 32767}, t.get("s").toDoubleArray());
        assertArrayEquals(new double[] {-128, 127}, t.get("b").toDoubleArray());
        assertArrayEquals(new double[] {255, 0}, t.get("u").toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1}, t.get("t").toDoubleArray());
        for (Tensor x : t.values()) {
            assertEquals(DType.FLOAT64, x.dtype());
        }
    }

    @Test
    void subnormalsAreFlushedToSignedZeroAndSpecialsKept() throws IOException {
        float[] in = {Float.MIN_VALUE, -Float.MIN_VALUE, 1e-39f, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.NaN,
            Float.NEGATIVE_INFINITY, -0f, 3f};
        String json = "{\"f\":{\"dtype\":\"F32\",\"shape\":[9],\"data_offsets\":[0,36]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[36,60]}}";
        Path p = save(file(json, concat(f32(in), f64(Double.MIN_VALUE, -4e-310, 1e-40))));
        float[] f = SafeTensors.read(p).get("f").toFloatArray();
        float[] expected = {0f, -0f, 0f, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.NaN, Float.NEGATIVE_INFINITY,
            -0f, 3f};
        for (int i = 0; i < f.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(f[i]), "element " + i);
        }
        double[] d = SafeTensors.read(p).get("d").toDoubleArray();
        // 1e-40 is a normal double: kept as FLOAT64, but subnormal once rounded to float, so flushed as FLOAT32
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(d[0]));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d[1]));
        assertEquals(1e-40, d[2]);
        assertArrayEquals(new float[] {0f, -0f, 0f}, SafeTensors.read(p, DType.FLOAT32).get("d").toFloatArray());
    }

    @Test
    void readConvertsEveryTensorToTheAskedDtype() throws IOException {
        String json = "{\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]}}";
        Path p = save(file(json, concat(f32(0.1f, -2), f64(0.1), i64(300))));
        Map<String, Tensor> as32 = SafeTensors.read(p, DType.FLOAT32);
        for (Tensor t : as32.values()) {
            assertEquals(DType.FLOAT32, t.dtype());
        }
        assertArrayEquals(new float[] {0.1f}, as32.get("d").toFloatArray());
        assertEquals(300.0, as32.get("n").item());
        Map<String, Tensor> as64 = SafeTensors.read(p, DType.FLOAT64);
        // widening is exact: the float nearest 0.1, not the double 0.1
        assertArrayEquals(new double[] {(double) 0.1f, -2}, as64.get("f").toDoubleArray());
        assertEquals(DType.FLOAT64, as64.get("f").dtype());
    }
}
