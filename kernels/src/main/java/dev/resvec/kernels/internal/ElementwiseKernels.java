package dev.resvec.kernels.internal;

/**
 * A provider's elementwise and reduction kernels on float arrays. Arguments are validated by the public facade
 * ({@code Elementwise}) before they reach an implementation: lengths are non-negative and every index touched is
 * inside its array. Output arrays may be the same array and offset as an input (in-place); other overlaps are not
 * supported. Per-channel kernels see NCHW data as {@code batch × channels × spatial} floats, contiguous.
 */
public interface ElementwiseKernels {
    /** {@code out[i] = a[i] + b[i]} (the residual add). */
    void add(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut);

    /** {@code out[i] = max(a[i] + b[i], 0)} (residual add fused with ReLU). */
    void addRelu(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut);

    /** {@code out[i] = max(x[i], 0)}. */
    void relu(int n, float[] x, int offX, float[] out, int offOut);

    /** {@code gradIn[i] = x[i] > 0 ? gradOut[i] : 0}, where x is the ReLU's input or output. */
    void reluBackward(int n, float[] x, int offX, float[] gradOut, int offG, float[] gradIn, int offGradIn);

    /** {@code y[i] += alpha·x[i]}. */
    void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY);

    /** {@code out[i] = alpha·x[i]}. */
    void scale(int n, float alpha, float[] x, int offX, float[] out, int offOut);

    /** {@code out[b,c,s] = x[b,c,s] + bias[c]}. */
    void channelBias(int batch, int channels, int spatial, float[] x, int offX, float[] bias, int offBias,
                     float[] out, int offOut);

    /** {@code out[b,c,s] = x[b,c,s]·scale[c] + shift[c]} (batch-norm apply). */
    void channelAffine(int batch, int channels, int spatial, float[] x, int offX, float[] scale, int offScale,
                       float[] shift, int offShift, float[] out, int offOut);

    /**
     * {@code sum[c] = Σ_{b,s} x[b,c,s]} and {@code sumSq[c] = Σ_{b,s} x[b,c,s]²} (batch-norm statistics, bias
     * gradients), accumulated in double; {@code sumSq} may be null when only the sums are wanted.
     */
    void channelSums(int batch, int channels, int spatial, float[] x, int offX, double[] sum, int offSum,
                     double[] sumSq, int offSumSq);

    /** {@code out[r] = max_j x[r·ldx + j]} for {@code rows × cols} (cols ≥ 1). */
    void rowMax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut);

    /** Row-wise softmax, numerically stable (the row maximum is subtracted first). */
    void softmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut);

    /** Row-wise log-softmax, {@code x - max - log Σ exp(x - max)}. */
    void logSoftmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut);
}
