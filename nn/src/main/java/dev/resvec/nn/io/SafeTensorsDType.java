package dev.resvec.nn.io;

import dev.resvec.core.DType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format that ResVec reads and writes, named as in the file's {@code "dtype"}
 * field. A {@link dev.resvec.core.Tensor} holds only float32 or float64, so each of these is converted on the way
 * in ({@link #readsAs()}) and on the way out ({@link SafeTensors#write(java.nio.file.Path, java.util.Map,
 * java.util.Map, java.util.Map) write} with a per-key override).
 *
 * <p>The format also defines {@code U16}, {@code U32}, {@code U64} and the 8-bit floats {@code F8_E5M2} and
 * {@code F8_E4M3}; ResVec rejects them with a clear error (no PyTorch state dict of a ResNet uses them).
 */
public enum SafeTensorsDType {
    /** IEEE 754 binary64; read as {@link DType#FLOAT64}. */
    F64(8, DType.FLOAT64, false),
    /** IEEE 754 binary32; read as {@link DType#FLOAT32}. */
    F32(4, DType.FLOAT32, false),
    /** IEEE 754 binary16 (PyTorch's {@code float16}); every value is exact in float32, read as FLOAT32. */
    F16(2, DType.FLOAT32, false),
    /** bfloat16: the upper 16 bits of a float32, so every value is exact in float32; read as FLOAT32. */
    BF16(2, DType.FLOAT32, false),
    /**
     * 64-bit signed integers (PyTorch's {@code int64}, the dtype of BatchNorm's {@code num_batches_tracked});
     * read as FLOAT64, exact for magnitudes up to 2^53.
     */
    I64(8, DType.FLOAT64, true),
    /** 32-bit signed integers; read as FLOAT64 (exact). */
    I32(4, DType.FLOAT64, true),
    /** 16-bit signed integers; read as FLOAT64 (exact). */
    I16(2, DType.FLOAT64, true),
    /** 8-bit signed integers; read as FLOAT64 (exact). */
    I8(1, DType.FLOAT64, true),
    /** 8-bit unsigned integers; read as FLOAT64 (exact). */
    U8(1, DType.FLOAT64, true),
    /** Booleans, one byte each; read as FLOAT64 0 or 1 (any non-zero byte is true, as in PyTorch). */
    BOOL(1, DType.FLOAT64, true);

    private final int byteSize;
    private final DType readsAs;
    private final boolean integral;

    SafeTensorsDType(int byteSize, DType readsAs, boolean integral) {
        this.byteSize = byteSize;
        this.readsAs = readsAs;
        this.integral = integral;
    }

    /** @return the bytes one element takes in the file */
    public int byteSize() {
        return byteSize;
    }

    /**
     * @return the tensor dtype that holds every value of this type exactly (integers up to 2^53): what
     * {@link SafeTensors#read(java.nio.file.Path)} gives when no target dtype is asked for
     */
    public DType readsAs() {
        return readsAs;
    }

    /** @return whether values must be integers (the integer types and BOOL) */
    public boolean isIntegral() {
        return integral;
    }

    /** @return the on-disk type that {@link SafeTensors#write(java.nio.file.Path, java.util.Map, java.util.Map)
     * uses for a tensor of this dtype when no override is given: F32 for FLOAT32, F64 for FLOAT64 */
    public static SafeTensorsDType defaultFor(DType dtype) {
        return dtype == DType.FLOAT64 ? F64 : F32;
    }

    /** @return the type whose file name is {@code name} (case-sensitive, as the format is), or empty */
    public static Optional<SafeTensorsDType> fromName(String name) {
        for (SafeTensorsDType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @return the names of all supported types, for error messages: "F64, F32, ..." */
    static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
