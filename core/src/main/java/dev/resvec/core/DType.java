package dev.resvec.core;

/** The element type of a {@link Tensor}'s storage, and with it the kernels that run its operations. */
public enum DType {
    /** 32-bit floats: the operations run the Vector API kernels of {@code dev.resvec.kernels} (the fast path). */
    FLOAT32,
    /**
     * 64-bit doubles: the operations run the double-precision scalar reference kernels (the test oracle), so a
     * gradient check runs in double precision through the very same autograd code.
     */
    FLOAT64
}
