package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseChecks.len;
import static dev.resvec.kernels.PoolChecks.len;

import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.pool.AvgPooling;
import dev.resvec.kernels.internal.pool.GlobalAvgPooling;
import dev.resvec.kernels.internal.pool.MaxPooling;
import dev.resvec.kernels.internal.pool.PoolBackends;

/**
 * 2-D pooling on NCHW flat arrays with offsets, with PyTorch's semantics: max pooling with the argmax indices its
 * backward needs, average pooling, and global average pooling ({@code N×C×H×W → N×C}); forward and backward, in
 * float and in double (the plain reference, what float64 tensors run).
 *
 * <ul>
 *   <li>The geometry of max and average pooling is a {@link PoolShape} (floor mode, padding at most half the
 *       kernel); global pooling takes {@code batch, channels, spatial = H·W}.</li>
 *   <li>Every entry validates its arguments and throws {@link IllegalArgumentException} naming the shape and the
 *       array that does not fit it. Outputs are overwritten (backward included: the input gradient is zeroed,
 *       then accumulated) and must not share an element with the inputs, not even in place: that is an
 *       {@link IllegalArgumentException} naming both element ranges (no pooling kernel computes in place).</li>
 *   <li>The float max-pooling forward runs on the provider of {@link Kernels#provider()}: the vector provider
 *       computes VL neighbouring outputs at once (branch-free, gathers for strides above 1), with the same results
 *       bitwise as the scalar loop. Global average pooling runs the provider's vectorised sums
 *       ({@link Elementwise#channelSums}). The rest (max-pooling backward, average pooling, every double entry) is
 *       plain loops on every provider: average pooling is not on a ResNet's path, and the backward scatter is a
 *       fraction of the forward's work.</li>
 *   <li>Calls run on the calling thread.</li>
 * </ul>
 */
public final class Pooling {
    private Pooling() {}

    // ---------------------------------------------------------------------------------------------------------
    // max pooling

    /**
     * Max pooling forward, PyTorch's {@code max_pool2d_with_indices}: {@code out[n,c,oy,ox]} is the maximum of the
     * window's input elements (padding is −∞), and {@code indices} the position of that maximum in its input plane,
     * {@code iy·W + ix}: the first of equal maxima; a NaN in the window propagates (PyTorch: the last NaN).
     *
     * @param s          the geometry
     * @param in         input, {@code s.inputSize()} floats from {@code offIn}
     * @param out        output, {@code s.outputSize()} floats from {@code offOut}
     * @param indices    argmax indices, {@code s.outputSize()} ints from {@code offIndices}; null when no backward
     *                   will follow (inference)
     * @param offIndices offset into {@code indices}
     */
    public static void maxForward(PoolShape s, float[] in, int offIn, float[] out, int offOut, int[] indices,
                                  int offIndices) {
        PoolChecks.shape(s);
        PoolChecks.input("in", "input", len(in), offIn, s);
        PoolChecks.output("out", "output", len(out), offOut, s);
        if (indices != null) {
            PoolChecks.output("indices", "argmax indices", indices.length, offIndices, s);
        }
        PoolChecks.apart(s, true, "out", out, offOut, "in", in, offIn);
        PoolBackends.active().maxForward(s, in, offIn, out, offOut, indices, offIndices);
    }

    /**
     * Max pooling backward: {@code gradIn} is zeroed, then each output gradient is added to the input element its
     * window's maximum came from ({@code indices} from {@link #maxForward}); overlapping windows that share a
     * maximum add up.
     *
     * @throws IllegalArgumentException also when an index lies outside its input plane
     */
    public static void maxBackward(PoolShape s, float[] gradOut, int offG, int[] indices, int offIndices,
                                   float[] gradIn, int offGradIn) {
        PoolChecks.shape(s);
        PoolChecks.output("gradOut", "output gradient", len(gradOut), offG, s);
        PoolChecks.indices(indices, offIndices, s);
        PoolChecks.input("gradIn", "input gradient", len(gradIn), offGradIn, s);
        PoolChecks.apart(s, false, "gradIn", gradIn, offGradIn, "gradOut", gradOut, offG);
        MaxPooling.backward(s, gradOut, offG, indices, offIndices, gradIn, offGradIn);
    }

    /** Double-precision {@link #maxForward(PoolShape, float[], int, float[], int, int[], int)}. */
    public static void maxForward(PoolShape s, double[] in, int offIn, double[] out, int offOut, int[] indices,
                                  int offIndices) {
        PoolChecks.shape(s);
        PoolChecks.input("in", "input", len(in), offIn, s);
        PoolChecks.output("out", "output", len(out), offOut, s);
        if (indices != null) {
            PoolChecks.output("indices", "argmax indices", indices.length, offIndices, s);
        }
        PoolChecks.apart(s, true, "out", out, offOut, "in", in, offIn);
        MaxPooling.forward(s, in, offIn, out, offOut, indices, offIndices);
    }

    /** Double-precision {@link #maxBackward(PoolShape, float[], int, int[], int, float[], int)}. */
    public static void maxBackward(PoolShape s, double[] gradOut, int offG, int[] indices, int offIndices,
                                   double[] gradIn, int offGradIn) {
        PoolChecks.shape(s);
        PoolChecks.output("gradOut", "output gradient", len(gradOut), offG, s);
        PoolChecks.indices(indices, offIndices, s);
        PoolChecks.input("gradIn", "input gradient", len(gradIn), offGradIn, s);
        PoolChecks.apart(s, false, "gradIn", gradIn, offGradIn, "gradOut", gradOut, offG);
        MaxPooling.backward(s, gradOut, offG, indices, offIndices, gradIn, offGradIn);
    }

    // ---------------------------------------------------------------------------------------------------------
    // average pooling

    /**
     * Average pooling forward, PyTorch's {@code avg_pool2d(ceil_mode=False, count_include_pad)}: the window's sum
     * (accumulated in double, rounded once) over {@code kH·kW} when {@code countIncludePad} (PyTorch's default), else
     * over the number of input elements in the window.
     */
    public static void avgForward(PoolShape s, boolean countIncludePad, float[] in, int offIn, float[] out,
                                  int offOut) {
        PoolChecks.shape(s);
        PoolChecks.input("in", "input", len(in), offIn, s);
        PoolChecks.output("out", "output", len(out), offOut, s);
        PoolChecks.apart(s, true, "out", out, offOut, "in", in, offIn);
        AvgPooling.forward(s, countIncludePad, in, offIn, out, offOut);
    }

    /**
     * Average pooling backward: {@code gradIn} is zeroed, then each window's input elements get the output gradient
     * over the window's divisor (the same divisor as the forward).
     */
    public static void avgBackward(PoolShape s, boolean countIncludePad, float[] gradOut, int offG, float[] gradIn,
                                   int offGradIn) {
        PoolChecks.shape(s);
        PoolChecks.output("gradOut", "output gradient", len(gradOut), offG, s);
        PoolChecks.input("gradIn", "input gradient", len(gradIn), offGradIn, s);
        PoolChecks.apart(s, false, "gradIn", gradIn, offGradIn, "gradOut", gradOut, offG);
        AvgPooling.backward(s, countIncludePad, gradOut, offG, gradIn, offGradIn);
    }

    /** Double-precision {@link #avgForward(PoolShape, boolean, float[], int, float[], int)}. */
    public static void avgForward(PoolShape s, boolean countIncludePad, double[] in, int offIn, double[] out,
                                  int offOut) {
        PoolChecks.shape(s);
        PoolChecks.input("in", "input", len(in), offIn, s);
        PoolChecks.output("out", "output", len(out), offOut, s);
        PoolChecks.apart(s, true, "out", out, offOut, "in", in, offIn);
        AvgPooling.forward(s, countIncludePad, in, offIn, out, offOut);
    }

    /** Double-precision {@link #avgBackward(PoolShape, boolean, float[], int, float[], int)}. */
    public static void avgBackward(PoolShape s, boolean countIncludePad, double[] gradOut, int offG, double[] gradIn,
                                   int offGradIn) {
        PoolChecks.shape(s);
        PoolChecks.output("gradOut", "output gradient", len(gradOut), offG, s);
        PoolChecks.input("gradIn", "input gradient", len(gradIn), offGradIn, s);
        PoolChecks.apart(s, false, "gradIn", gradIn, offGradIn, "gradOut", gradOut, offG);
        AvgPooling.backward(s, countIncludePad, gradOut, offG, gradIn, offGradIn);
    }

    // ---------------------------------------------------------------------------------------------------------
    // global average pooling

    /**
     * Global average pooling, PyTorch's {@code adaptive_avg_pool2d(x, 1)}: {@code out[n·C + c] = Σ_s
     * in[(n·C + c)·spatial + s] / spatial} for {@code batch × channels × spatial} input ({@code spatial = H·W ≥ 1};
     * batch or channels may be 0). Sums are the provider's {@link Elementwise#channelSums}, in double.
     */
    public static void globalAvgForward(int batch, int channels, int spatial, float[] in, int offIn, float[] out,
                                        int offOut) {
        PoolChecks.global(batch, channels, spatial);
        PoolChecks.globalData("in", len(in), "offIn", offIn, batch, channels, spatial);
        PoolChecks.globalPooled("out", len(out), "offOut", offOut, batch, channels);
        PoolChecks.globalApart(batch, channels, spatial, true, "out", out, offOut, "in", in, offIn);
        GlobalAvgPooling.forward(Backends.active().elementwise(), batch * channels, spatial, in, offIn, out, offOut);
    }

    /** Global average pooling backward: {@code gradIn[(n·C + c)·spatial + s] = gradOut[n·C + c] / spatial}. */
    public static void globalAvgBackward(int batch, int channels, int spatial, float[] gradOut, int offG,
                                         float[] gradIn, int offGradIn) {
        PoolChecks.global(batch, channels, spatial);
        PoolChecks.globalPooled("gradOut", len(gradOut), "offG", offG, batch, channels);
        PoolChecks.globalData("gradIn", len(gradIn), "offGradIn", offGradIn, batch, channels, spatial);
        PoolChecks.globalApart(batch, channels, spatial, false, "gradIn", gradIn, offGradIn, "gradOut", gradOut, offG);
        GlobalAvgPooling.backward(batch * channels, spatial, gradOut, offG, gradIn, offGradIn);
    }

    /** Double-precision {@link #globalAvgForward(int, int, int, float[], int, float[], int)}. */
    public static void globalAvgForward(int batch, int channels, int spatial, double[] in, int offIn, double[] out,
                                        int offOut) {
        PoolChecks.global(batch, channels, spatial);
        PoolChecks.globalData("in", len(in), "offIn", offIn, batch, channels, spatial);
        PoolChecks.globalPooled("out", len(out), "offOut", offOut, batch, channels);
        PoolChecks.globalApart(batch, channels, spatial, true, "out", out, offOut, "in", in, offIn);
        GlobalAvgPooling.forward(batch * channels, spatial, in, offIn, out, offOut);
    }

    /** Double-precision {@link #globalAvgBackward(int, int, int, float[], int, float[], int)}. */
    public static void globalAvgBackward(int batch, int channels, int spatial, double[] gradOut, int offG,
                                         double[] gradIn, int offGradIn) {
        PoolChecks.global(batch, channels, spatial);
        PoolChecks.globalPooled("gradOut", len(gradOut), "offG", offG, batch, channels);
        PoolChecks.globalData("gradIn", len(gradIn), "offGradIn", offGradIn, batch, channels, spatial);
        PoolChecks.globalApart(batch, channels, spatial, false, "gradIn", gradIn, offGradIn, "gradOut", gradOut, offG);
        GlobalAvgPooling.backward(batch * channels, spatial, gradOut, offG, gradIn, offGradIn);
    }
}
