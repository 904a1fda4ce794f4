package dev.resvec.nn.predict;

import dev.resvec.kernels.Parallelism;

/** One operation of a {@link Plan}, bound to an input size: immutable, run by many threads at once. */
interface Step {
    /**
     * Runs the operation on the arena's buffers.
     *
     * @param arena       where each value of the program lives for this call
     * @param batch       images in this call
     * @param parallelism the threads the caller allows
     */
    void run(Arena arena, int batch, Parallelism parallelism);

    /** @return the multiply-adds of a call on {@code batch} images: those of its convolution or GEMM, else 0 */
    default long multiplyAdds(int batch) {
        return 0;
    }
}
