package dev.resvec.nn.io;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes tensors in the safetensors format: an 8-byte little-endian header length {@code N}; {@code N}
 * bytes of UTF-8 JSON, {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}, with offsets relative to the data section; then the raw little-endian data.
 * Files written here load with {@code safetensors.torch.load_file}, and PyTorch's files load here.
 *
 * <h2>Reading</h2>
 * {@link #read(Path)} gives the tensors by key; {@link #load(Path)} also the metadata and each tensor's on-disk
 * dtype; {@link #readHeader(Path)} only the header. The file is memory-mapped, and each tensor is copied straight
 * from the mapping into its own array. Conversions, since a {@link Tensor} is float32 or float64:
 * <ul>
 *   <li>F32, F16 and BF16 become FLOAT32 and F64 becomes FLOAT64, all exactly;</li>
 *   <li>the integer types (I64, I32, I16, I8, U8) and BOOL become FLOAT64: exact for every value of magnitude up to
 *       2^53 (an I64 beyond that is rounded). PyTorch's BatchNorm {@code num_batches_tracked} is such an I64;</li>
 *   <li>{@link #read(Path, DType)} converts every tensor to one dtype instead (e.g. FLOAT32 for a float32 model;
 *       values are then rounded to the nearest float);</li>
 *   <li><b>subnormal values are flushed to zero</b> (keeping their sign): arithmetic on them is very slow on
 *       x86 and the JVM has no flush-to-zero mode, so one tiny weight would slow every kernel that reads it. A
 *       round trip is therefore exact for every value except subnormals (below 1.2e-38 in float32, 2.2e-308 in
 *       float64).</li>
 * </ul>
 * A malformed file raises {@link SafeTensorsFormatException} (a checked {@link IOException}) whose message names the
 * file, the key and the numbers that do not fit. Every check is made before any data is decoded, and no allocation
 * is sized by the header before the header is checked against the file's real size: a lying header length or
 * shape cannot cause an out-of-memory. Checked: the file holds the 8-byte length; the header length fits the file
 * and the {@value #MAX_HEADER_BYTES}-byte cap; the header is UTF-8 JSON, an object of objects, each with a known
 * {@code dtype}, a {@code shape} of non-negative dimensions with at most 2^31-1 elements, and {@code data_offsets}
 * whose length is exactly the shape's bytes; no key twice; the byte ranges lie in the data section and tile it
 * with no overlap and no hole (as the reference implementation requires).
 *
 * <h2>Writing</h2>
 * {@link #write(Path, Map, Map)} stores FLOAT32 tensors as F32 and FLOAT64 as F64. Writes to a path are atomic:
 * the file is written to a temporary file beside it, forced to disk and renamed over the target, so a failure or a
 * crash mid-write leaves the old file as it was and no temporary file behind. The tensors are laid out as the
 * reference writer does (by element size, then name; the header padded with spaces to a multiple of 8 bytes), so
 * every tensor is aligned to its element size. The maps are read once, and not kept.
 *
 * <p><b>On-disk dtype overrides.</b> A ResVec state dict holds only float tensors, but PyTorch's modules have
 * integer buffers: BatchNorm's {@code num_batches_tracked} is int64. {@link #write(Path, Map, Map, Map)} takes a
 * map from key to {@link SafeTensorsDType} for the keys that should be stored otherwise, and
 * {@link #pytorchDTypes(Map)} gives the one a torchvision-style state dict needs. A map, rather than a wrapper type
 * around each tensor, because the state dict stays a plain {@code Map<String, Tensor>} (what a module gives and
 * takes) and the exceptions are few and named; and because {@link #load(Path)} returns the same kind of map
 * ({@link SafeTensorsContent#storedDTypes()}), so a file read and written back keeps its dtypes. A value that does
 * not fit the chosen dtype (2.5 as I64) is an {@link IllegalArgumentException}; F16 and BF16 round to nearest even.
 */
public final class SafeTensors {
    /** The largest header accepted, as the reference implementation's {@code MAX_HEADER_SIZE} (100 MB). */
    public static final int MAX_HEADER_BYTES = 100_000_000;

    private SafeTensors() {
    }

    // ---------------------------------------------------------------------------------------------------- reading

    /**
     * @return the file's tensors by key, in the header's order, each as its dtype's {@link
     * SafeTensorsDType#readsAs()} (subnormals flushed to zero)
     * @throws SafeTensorsFormatException when the file is not a valid safetensors file
     * @throws IOException when it cannot be read
     */
    public static Map<String, Tensor> read(Path path) throws IOException {
        return load(path).tensors();
    }

    /**
     * @param dtype the dtype of every returned tensor (values rounded where they do not fit)
     * @return the file's tensors by key, in the header's order (subnormals flushed to zero)
     * @throws SafeTensorsFormatException when the file is not a valid safetensors file
     * @throws IOException when it cannot be read
     */
    public static Map<String, Tensor> read(Path path, DType dtype) throws IOException {
        return load(path, Objects.requireNonNull(dtype, "dtype")).tensors();
    }

    /**
     * @return the file's tensors, metadata and on-disk dtypes
     * @throws SafeTensorsFormatException when the file is not a valid safetensors file
     * @throws IOException when it cannot be read
     */
    public static SafeTensorsContent load(Path path) throws IOException {
        return loadAs(path, null);
    }

    /**
     * @param dtype the dtype of every returned tensor
     * @return the file's tensors, metadata and on-disk dtypes
     * @throws SafeTensorsFormatException when the file is not a valid safetensors file
     * @throws IOException when it cannot be read
     */
    public static SafeTensorsContent load(Path path, DType dtype) throws IOException {
        return loadAs(path, Objects.requireNonNull(dtype, "dtype"));
    }

    private static SafeTensorsContent loadAs(Path path, DType dtype) throws IOException {
        String source = path.toString();
        return SafeTensorsReader.withMapped(path, file ->
                SafeTensorsReader.content(file, SafeTensorsReader.header(file, source), dtype));
    }

    /**
     * Reads safetensors content held in memory (e.g. received over a network).
     *
     * @param source a name for the bytes in error messages
     * @return the tensors, metadata and on-disk dtypes
     * @throws SafeTensorsFormatException when the bytes are not a valid safetensors file
     */
    public static SafeTensorsContent load(byte[] bytes, String source) throws SafeTensorsFormatException {
        MemorySegment file = MemorySegment.ofArray(bytes);
        return SafeTensorsReader.content(file, SafeTensorsReader.header(file, source), null);
    }

    /**
     * Reads and checks the header only: keys, dtypes, shapes, offsets and metadata, without the tensor data.
     *
     * @throws SafeTensorsFormatException when the header is not valid
     * @throws IOException when the file cannot be read
     */
    public static SafeTensorsHeader readHeader(Path path) throws IOException {
        String source = path.toString();
        return SafeTensorsReader.withMapped(path, file -> SafeTensorsReader.header(file, source));
    }

    /**
     * @return the file's {@code "__metadata__"} (empty when it has none); reads the header only
     * @throws SafeTensorsFormatException when the header is not valid
     * @throws IOException when the file cannot be read
     */
    public static Map<String, String> readMetadata(Path path) throws IOException {
        return readHeader(path).metadata();
    }

    // ---------------------------------------------------------------------------------------------------- writing

    /**
     * Writes {@code tensors} atomically to {@code path} (FLOAT32 as F32, FLOAT64 as F64), replacing any file there.
     *
     * @param metadata string pairs stored as {@code "__metadata__"} ({@code Map.of()} for none)
     * @throws IllegalArgumentException for a null or reserved ({@code "__metadata__"}) key, or a null value
     * @throws IOException when the file cannot be written; the old file, if any, is then unchanged
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(path, tensors, metadata, Map.of());
    }

    /**
     * Writes {@code tensors} atomically to {@code path}, storing the keys of {@code dtypes} with the dtype given
     * there and the others as F32 (FLOAT32) or F64 (FLOAT64).
     *
     * @param dtypes on-disk dtype overrides by key, e.g. {@link #pytorchDTypes(Map)}; every key must be one of
     *     {@code tensors}'
     * @throws IllegalArgumentException for a null or reserved key, a null value, an override for an unknown key, or
     *     a value that does not fit its key's dtype (the old file is then unchanged)
     * @throws IOException when the file cannot be written; the old file, if any, is then unchanged
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata,
            Map<String, SafeTensorsDType> dtypes) throws IOException {
        SafeTensorsWriter writer = SafeTensorsWriter.plan(tensors, metadata, dtypes);
        AtomicFiles.write(path, writer::writeTo);
    }

    /**
     * Writes {@code tensors} to a stream (not closed afterwards), FLOAT32 as F32 and FLOAT64 as F64. A failure part
     * way leaves a partial file in the stream: atomicity is the path variants' business.
     *
     * @throws IllegalArgumentException for a null or reserved key, or a null value
     * @throws IOException from the stream
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(out, tensors, metadata, Map.of());
    }

    /**
     * Writes {@code tensors} to a stream (not closed afterwards) with on-disk dtype overrides; see
     * {@link #write(Path, Map, Map, Map)}.
     *
     * @throws IllegalArgumentException for a bad key, value or override, or a value that does not fit its dtype
     * @throws IOException from the stream
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata,
            Map<String, SafeTensorsDType> dtypes) throws IOException {
        SafeTensorsWriter writer = SafeTensorsWriter.plan(tensors, metadata, dtypes);
        // not Channels.newChannel(out) in try-with-resources: closing that channel would close the caller's stream
        writer.writeTo(Channels.newChannel(out));
        out.flush();
    }

    /**
     * The dtype overrides that give a torchvision-style state dict PyTorch's own dtypes on disk: I64 for every
     * BatchNorm {@code num_batches_tracked} buffer (a key that is, or ends in, {@code num_batches_tracked}).
     * PyTorch's {@code load_state_dict} would also accept them as floats (it copies into the existing buffer), but
     * {@code load_state_dict(..., assign=True)} would keep the float dtype, and a file that round-trips through
     * PyTorch should look like one PyTorch wrote.
     *
     * @return the overrides for the keys of {@code stateDict} that need one
     */
    public static Map<String, SafeTensorsDType> pytorchDTypes(Map<String, Tensor> stateDict) {
        Map<String, SafeTensorsDType> out = new LinkedHashMap<>();
        for (String key : stateDict.keySet()) {
            if (key.equals("num_batches_tracked") || key.endsWith(".num_batches_tracked")) {
                out.put(key, SafeTensorsDType.I64);
            }
        }
        return out;
    }
}
