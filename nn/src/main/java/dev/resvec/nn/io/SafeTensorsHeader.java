package dev.resvec.nn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked safetensors header: the metadata, each tensor's entry in the header's order, and where the data section
 * lies in the file. Reading one ({@link SafeTensors#readHeader(java.nio.file.Path)}) reads no tensor data.
 *
 * @param metadata the {@code "__metadata__"} object (string to string), empty when the file has none
 * @param tensors the entries in the header's order
 * @param dataStart the data section's first byte in the file: 8 + the header length
 * @param dataLength the data section's length in bytes
 */
public record SafeTensorsHeader(Map<String, String> metadata, List<TensorInfo> tensors, long dataStart,
        long dataLength) {
    /** Keeps unmodifiable copies that preserve the order. */
    public SafeTensorsHeader {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }
}
