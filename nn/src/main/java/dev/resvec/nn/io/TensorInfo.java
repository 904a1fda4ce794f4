package dev.resvec.nn.io;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header, checked against the format: its key, on-disk dtype, shape, and
 * byte range {@code [begin, end)} relative to the start of the data section ({@code end - begin} is always
 * {@code numel × dtype.byteSize()}).
 *
 * @param name the key, e.g. {@code layer1.0.conv1.weight}
 * @param dtype the element type in the file
 * @param shape the dimensions (a copy is kept and a copy is returned)
 * @param begin the first byte, relative to the data section
 * @param end one past the last byte, relative to the data section
 */
public record TensorInfo(String name, SafeTensorsDType dtype, int[] shape, long begin, long end) {
    /** Keeps a copy of the shape, so the record stays immutable. */
    public TensorInfo {
        shape = shape.clone();
    }

    /** @return a copy of the dimensions */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of elements (1 for rank 0) */
    public long numel() {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** @return {@code end - begin} */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Long.hashCode(begin);
    }

    @Override
    public String toString() {
        return "\"" + name + "\" " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + "]";
    }
}
