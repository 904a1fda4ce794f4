package dev.resvec.nn.io;

import dev.resvec.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a safetensors file holds, decoded: the tensors, the metadata, and each tensor's on-disk dtype. The
 * last lets a program that edits a file write it back with the dtypes it had: {@code SafeTensors.write(path,
 * c.tensors(), c.metadata(), c.storedDTypes())}.
 *
 * @param tensors the tensors by key, in the header's order
 * @param metadata the {@code "__metadata__"} object, empty when the file has none
 * @param storedDTypes each key's dtype in the file (e.g. I64 for PyTorch's {@code num_batches_tracked})
 */
public record SafeTensorsContent(Map<String, Tensor> tensors, Map<String, String> metadata,
        Map<String, SafeTensorsDType> storedDTypes) {
    /** Keeps unmodifiable copies that preserve the order. */
    public SafeTensorsContent {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        storedDTypes = Collections.unmodifiableMap(new LinkedHashMap<>(storedDTypes));
    }
}
