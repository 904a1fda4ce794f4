package dev.resvec.nn.io;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors data from a {@link MemorySegment}: a memory-mapped file (so a 100 MB checkpoint is never
 * copied into one big {@code byte[]}; each tensor is copied once, straight into its own array) or a byte array.
 * Segments rather than {@code MappedByteBuffer}s because their offsets are {@code long}: a file may exceed 2 GiB.
 */
final class SafeTensorsReader {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SafeTensorsReader() {
    }

    /** The operation to run on the file's bytes while they are mapped. */
    interface SegmentReader<T> {
        T read(MemorySegment file) throws IOException;
    }

    /**
     * Maps the file read-only, runs {@code reader} on it and unmaps it (closing the arena unmaps at once rather
     * than when the GC gets to it, so the file can be replaced or deleted straight after, on every OS).
     */
    static <T> T withMapped(Path path, SegmentReader<T> reader) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            MemorySegment file = size == 0 ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return reader.read(file);
        }
    }

    /** Reads and checks the length prefix and the header; reads no tensor data. */
    static SafeTensorsHeader header(MemorySegment file, String source) throws SafeTensorsFormatException {
        long size = file.byteSize();
        if (size < 8) {
            throw new SafeTensorsFormatException(source + ": file is " + size
                    + " bytes, shorter than the 8-byte header length that starts every safetensors file");
        }
        long n = file.get(I64, 0);
        // the length is an unsigned 64-bit number: compare unsigned, so a lying 2^63+ reads as huge, not negative
        if (Long.compareUnsigned(n, size - 8) > 0) {
            throw new SafeTensorsFormatException(source + ": header length " + Long.toUnsignedString(n)
                    + " is larger than the " + (size - 8) + " bytes that follow it (file is " + size
                    + " bytes; truncated or not a safetensors file)");
        }
        if (n > SafeTensors.MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(source + ": header length " + n + " exceeds the "
                    + SafeTensors.MAX_HEADER_BYTES + "-byte cap on headers (the reference implementation's)");
        }
        // n is now at most the cap and at most the file's size, so this allocation is bounded by real bytes
        byte[] header = file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        return HeaderParser.parse(header, source, 8 + n, size - 8 - n);
    }

    /**
     * Decodes every tensor of a checked header.
     *
     * @param target the dtype of every tensor, or null for each dtype's {@link SafeTensorsDType#readsAs()}
     */
    static SafeTensorsContent content(MemorySegment file, SafeTensorsHeader header, DType target) {
        MemorySegment data = file.asSlice(header.dataStart(), header.dataLength());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, SafeTensorsDType> dtypes = new LinkedHashMap<>();
        for (TensorInfo info : header.tensors()) {
            DType as = target != null ? target : info.dtype().readsAs();
            tensors.put(info.name(), decode(data, info, as));
            dtypes.put(info.name(), info.dtype());
        }
        return new SafeTensorsContent(tensors, header.metadata(), dtypes);
    }

    /** Decodes one tensor; the header check guarantees its range lies inside {@code data} and fits its shape. */
    static Tensor decode(MemorySegment data, TensorInfo info, DType as) {
        int n = (int) info.numel();
        long at = info.begin();
        int[] shape = info.shape();
        if (info.dtype() == SafeTensorsDType.F64 || info.dtype().isIntegral()) {
            double[] v = new double[n];
            readDoubles(data, info.dtype(), at, v);
            return as == DType.FLOAT64 ? Tensor.fromArray(Subnormals.flush(v), shape)
                    : Tensor.fromArray(Subnormals.flush(narrow(v)), shape);
        }
        float[] v = new float[n];
        readFloats(data, info.dtype(), at, v);
        return as == DType.FLOAT32 ? Tensor.fromArray(Subnormals.flush(v), shape)
                : Tensor.fromArray(Subnormals.flush(widen(v)), shape);
    }

    /** F32, F16, BF16: every value is exact in a float. */
    private static void readFloats(MemorySegment data, SafeTensorsDType dtype, long at, float[] v) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(data, F32, at, v, 0, v.length);
            case F16 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.float16ToFloat(data.get(I16, at + 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < v.length; i++) {
                    // bfloat16 is the top half of a float32's bits
                    v[i] = Float.intBitsToFloat((data.get(I16, at + 2L * i) & 0xFFFF) << 16);
                }
            }
            default -> throw new IllegalStateException("not a float type: " + dtype);
        }
    }

    /** F64 and the integer types (exact in a double up to 2^53, beyond which I64 values are rounded). */
    private static void readDoubles(MemorySegment data, SafeTensorsDType dtype, long at, double[] v) {
        switch (dtype) {
            case F64 -> MemorySegment.copy(data, F64, at, v, 0, v.length);
            case I64 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(I64, at + 8L * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(I32, at + 4L * i);
                }
            }
            case I16 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(I16, at + 2L * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(ValueLayout.JAVA_BYTE, at + i);
                }
            }
            case U8 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(ValueLayout.JAVA_BYTE, at + i) != 0 ? 1 : 0;
                }
            }
            default -> throw new IllegalStateException("not a double or integer type: " + dtype);
        }
    }

    private static float[] narrow(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
