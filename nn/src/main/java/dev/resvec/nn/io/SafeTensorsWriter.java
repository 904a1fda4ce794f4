package dev.resvec.nn.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lays out and writes a safetensors file. The layout follows the reference writer's: tensors ordered by element
 * size (largest first) then by name, so that with the header padded to a multiple of 8 bytes every tensor starts
 * at an offset aligned to its element size (a reader that maps the file can then view it in place);
 * {@code "__metadata__"} first in the header.
 */
final class SafeTensorsWriter {
    private static final JsonFactory JSON = new JsonFactory();
    /** The data is encoded through one buffer of this size: no copy of the whole tensor as bytes. */
    private static final int CHUNK = 1 << 20;

    /** One tensor to write, with its on-disk dtype and its byte range in the data section. */
    private record Item(String name, Tensor tensor, SafeTensorsDType dtype, long begin, long end) {
    }

    private final byte[] prefixAndHeader;
    private final List<Item> items;

    private SafeTensorsWriter(byte[] prefixAndHeader, List<Item> items) {
        this.prefixAndHeader = prefixAndHeader;
        this.items = items;
    }

    /**
     * Checks the arguments and lays the file out, before anything is written.
     *
     * @throws IllegalArgumentException for a null or reserved key, a null tensor or value, a dtype override for a
     *     key that has no tensor, or a header above the reader's cap
     */
    static SafeTensorsWriter plan(Map<String, Tensor> tensors, Map<String, String> metadata,
            Map<String, SafeTensorsDType> dtypes) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata (use Map.of() for none)");
        Objects.requireNonNull(dtypes, "dtypes (use Map.of() for no overrides)");
        for (String key : dtypes.keySet()) {
            if (!tensors.containsKey(key)) {
                throw new IllegalArgumentException("safetensors: a dtype override names \"" + key
                        + "\", which is not one of the tensors to write");
            }
        }
        List<Item> order = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            checkString(key, "tensor key");
            if (HeaderParser.METADATA_KEY.equals(key)) {
                throw new IllegalArgumentException("safetensors: \"" + key + "\" is reserved for the metadata and "
                        + "cannot name a tensor");
            }
            Tensor t = Objects.requireNonNull(e.getValue(), () -> "safetensors: tensor \"" + key + "\" is null");
            SafeTensorsDType dtype = dtypes.getOrDefault(key, SafeTensorsDType.defaultFor(t.dtype()));
            Objects.requireNonNull(dtype, () -> "safetensors: the dtype override for \"" + key + "\" is null");
            order.add(new Item(key, t, dtype, 0, 0));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            checkString(e.getKey(), "metadata key");
            checkString(e.getValue(), "metadata value of \"" + e.getKey() + "\"");
        }
        order.sort(Comparator.comparingInt((Item i) -> -i.dtype().byteSize()).thenComparing(Item::name));
        List<Item> items = new ArrayList<>(order.size());
        long offset = 0;
        for (Item i : order) {
            long end = offset + (long) i.tensor().numel() * i.dtype().byteSize();
            items.add(new Item(i.name(), i.tensor(), i.dtype(), offset, end));
            offset = end;
        }
        return new SafeTensorsWriter(header(items, metadata), List.copyOf(items));
    }

    /** Rejects null and strings with unpaired surrogates, which have no UTF-8 form. */
    private static void checkString(String s, String what) {
        Objects.requireNonNull(s, () -> "safetensors: a " + what + " is null");
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("safetensors: " + what + " \"" + s
                    + "\" is not valid Unicode (an unpaired surrogate), so it has no UTF-8 form");
        }
    }

    /** @return the 8-byte little-endian length followed by the JSON header, padded with spaces to 8 bytes */
    private static byte[] header(List<Item> items, Map<String, String> metadata) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(HeaderParser.METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            for (Item i : items) {
                g.writeObjectFieldStart(i.name());
                g.writeStringField("dtype", i.dtype().name());
                g.writeArrayFieldStart("shape");
                for (int s : i.tensor().shape()) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(i.begin());
                g.writeNumber(i.end());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            // writing to memory does no I/O; the strings were checked above
            throw new UncheckedIOException("safetensors: could not write the header", e);
        }
        int n = json.size();
        int padded = (n + 7) & ~7;
        if (padded > SafeTensors.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors: the header would be " + padded
                    + " bytes, above the " + SafeTensors.MAX_HEADER_BYTES + "-byte cap that readers enforce");
        }
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json.toByteArray());
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }

    /**
     * Writes the whole file to {@code ch}.
     *
     * @throws IllegalArgumentException when a value does not fit the on-disk dtype chosen for its tensor (e.g. 2.5
     *     to be stored as I64); the bytes before it have been written by then
     */
    void writeTo(WritableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        writeFully(ch, ByteBuffer.wrap(prefixAndHeader));
        for (Item i : items) {
            encode(i, buf, ch);
        }
        buf.flip();
        writeFully(ch, buf);
    }

    private static void encode(Item item, ByteBuffer buf, WritableByteChannel ch) throws IOException {
        SafeTensorsDType dtype = item.dtype();
        int size = dtype.byteSize();
        if (dtype == SafeTensorsDType.F32 || dtype == SafeTensorsDType.F16 || dtype == SafeTensorsDType.BF16) {
            float[] v = item.tensor().toFloatArray();
            for (float x : v) {
                room(buf, ch, size);
                switch (dtype) {
                    case F32 -> buf.putFloat(x);
                    case F16 -> buf.putShort(Float.floatToFloat16(x));
                    default -> buf.putShort(toBFloat16(x));
                }
            }
            return;
        }
        double[] v = item.tensor().toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            room(buf, ch, size);
            switch (dtype) {
                case F64 -> buf.putDouble(v[i]);
                case I64 -> buf.putLong(integral(item, i, v[i], Long.MIN_VALUE, Long.MAX_VALUE));
                case I32 -> buf.putInt((int) integral(item, i, v[i], Integer.MIN_VALUE, Integer.MAX_VALUE));
                case I16 -> buf.putShort((short) integral(item, i, v[i], Short.MIN_VALUE, Short.MAX_VALUE));
                case I8 -> buf.put((byte) integral(item, i, v[i], Byte.MIN_VALUE, Byte.MAX_VALUE));
                case U8 -> buf.put((byte) integral(item, i, v[i], 0, 255));
                case BOOL -> buf.put((byte) integral(item, i, v[i], 0, 1));
                default -> throw new IllegalStateException("unhandled dtype " + dtype);
            }
        }
    }

    /** @return {@code v} as a long, when it is an integer in [min, max]; else an error naming key and element */
    private static long integral(Item item, int index, double v, long min, long max) {
        // 0x1p63 is exactly 2^63: Long.MAX_VALUE as a double rounds up to it, so compare strictly below it
        boolean fits = v == Math.rint(v) && v >= min && (max == Long.MAX_VALUE ? v < 0x1p63 : v <= max);
        if (!fits) {
            throw new IllegalArgumentException("safetensors: tensor \"" + item.name() + "\" is to be stored as "
                    + item.dtype() + " but element " + index + " (shape " + Arrays.toString(item.tensor().shape())
                    + ") is " + v + ", not an integer in [" + min + ", " + max + "]");
        }
        return (long) v;
    }

    /**
     * Rounds a float to bfloat16, to nearest with ties to even (as PyTorch does); NaN stays a quiet NaN of the
     * same sign rather than rounding into infinity.
     */
    static short toBFloat16(float x) {
        int bits = Float.floatToRawIntBits(x);
        if (Float.isNaN(x)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    private static void room(ByteBuffer buf, WritableByteChannel ch, int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            buf.flip();
            writeFully(ch, buf);
            buf.clear();
        }
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
