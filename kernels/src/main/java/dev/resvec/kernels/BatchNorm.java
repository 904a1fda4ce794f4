package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseChecks.len;

import dev.resvec.kernels.internal.norm.DoubleBatchNorm;
import dev.resvec.kernels.internal.norm.FloatBatchNorm;

/**
 * Batch normalisation over NCHW flat arrays with offsets, PyTorch's {@code BatchNorm2d}: statistics per channel over
 * the batch and the spatial positions. Data is {@code batch × channels × spatial} contiguous values
 * ({@code spatial = H·W}; element {@code (b, c, s)} at {@code off + (b·channels + c)·spatial + s}); per-channel
 * arrays hold {@code channels} values from their offset.
 *
 * <ul>
 *   <li><b>Training</b> ({@link #trainingForward}): with {@code n = batch·spatial}, each channel's mean and biased
 *       variance {@code var}, {@code invStd = 1/sqrt(var + eps)}, the output is {@code (x − mean)·invStd·gamma +
 *       beta}; mean and invStd are saved (in double) for {@link #backward}; the running statistics, when given,
 *       are updated in place by {@code running = (1 − momentum)·running + momentum·batchStat}, with the
 *       <em>unbiased</em> variance {@code var·n/(n − 1)} for the running variance (PyTorch's rule).</li>
 *   <li><b>Inference</b> ({@link #inferenceForward}): the per-channel affine {@code x·scale + shift} with
 *       {@code scale = gamma/sqrt(runningVar + eps)}, {@code shift = beta − runningMean·scale}
 *       ({@link #foldedScaleShift} gives them, to fold batch norm into the convolution before it).</li>
 *   <li>{@code gamma} (weight) and {@code beta} (bias) may each be null: 1 and 0 (affine off).</li>
 *   <li>Statistics are accumulated in double. The float training forward takes the mean and variance from sums of
 *       deviations from a first estimate of the mean (the corrected two-pass algorithm of Chan, Golub &amp; LeVeque,
 *       1983), not from {@code E[x²] − E[x]²}: in float that difference cancels catastrophically when the mean is
 *       large against the spread (a channel with mean 1000 and spread 1 would keep no correct digit of its
 *       variance). The double entries are the plain two-pass reference (what float64 tensors run).</li>
 *   <li><b>Fused epilogue</b>: the entries with {@code residual}/{@code relu} (and, backward, {@code reluOut} and
 *       {@code gradMasked}) compute {@code relu(bn(x) + residual)} in the pass that writes the output, and its
 *       gradients in the passes of the plain backward: bitwise what the plain entry followed by the element-wise
 *       {@link Elementwise#addRelu} (or {@code add}, {@code relu}) gives on the same provider.</li>
 *   <li><b>Threads</b>: the float entries that take a {@link Parallelism} split the channels into one contiguous
 *       range per thread (every pass of a channel stays on one thread, in one order: the same bits for every
 *       thread count); the others run on the calling thread.</li>
 *   <li>Float entries run on the provider of {@link Kernels#provider()} (vectorised passes on the vector provider);
 *       every entry validates its arguments and throws {@link IllegalArgumentException} naming the array and the
 *       data's shape. Outputs are overwritten.</li>
 *   <li><b>In place</b>: a data-sized output may be exactly (same array and offset) one of the data-sized inputs
 *       its entry names: the forward output x or the residual; the input gradient gradOut, reluOut or x (but not x
 *       in the training backward with a fused ReLU and no gradMasked array, where the masked gradient is kept in
 *       gradIn while x is still to be read); the masked gradient gradOut or reluOut. {@code foldedScaleShift}'s
 *       scale and shift may each be one of its inputs. Any other shared element (a shifted view of an input, a
 *       per-channel output inside the data, running statistics in gamma's array, two outputs) is an
 *       {@link IllegalArgumentException} naming both element ranges.</li>
 * </ul>
 */
public final class BatchNorm {
    private BatchNorm() {}

    // ---------------------------------------------------------------------------------------------------------
    // float

    /**
     * Training forward with batch statistics; see the class comment.
     *
     * @param x              input, {@code batch·channels·spatial} values ({@code batch·spatial ≥ 2} when
     *                       channels &gt; 0)
     * @param gamma          per-channel weight, or null (1)
     * @param beta           per-channel bias, or null (0)
     * @param eps            added to the variance, ≥ 0 (PyTorch's default 1e-5)
     * @param out            output, the input's size (may be x itself)
     * @param saveMean       receives each channel's batch mean, or null when no backward follows
     * @param saveInvStd     receives each channel's {@code 1/sqrt(var + eps)}, or null when no backward follows
     * @param runningMean    updated in place, or null (then runningVar too)
     * @param runningVar     updated in place with the unbiased variance, or null (then runningMean too)
     * @param momentum       the running statistics' update weight (PyTorch's default 0.1)
     */
    public static void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                       int offGamma, float[] beta, int offBeta, double eps, float[] out, int offOut,
                                       double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                       float[] runningMean, int offRunningMean, float[] runningVar,
                                       int offRunningVar, double momentum) {
        trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, eps, null, 0, false, out,
                offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean, offRunningMean, runningVar,
                offRunningVar, momentum, Parallelism.singleThread());
    }

    /**
     * Training backward from the statistics {@link #trainingForward} saved: {@code gradBeta = Σg}, {@code gradGamma
     * = Σg·x̂} and {@code gradIn = gamma·invStd/n·(n·g − Σg − x̂·Σg·x̂)}, with {@code x̂ = (x − mean)·invStd} and the
     * sums per channel (in double). Each gradient may be null (not computed). gradIn may be gradOut or x itself
     * (class comment, "In place").
     */
    public static void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                                double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                float[] gamma, int offGamma, float[] gradIn, int offGradIn, float[] gradGamma,
                                int offGradGamma, float[] gradBeta, int offGradBeta) {
        backward(batch, channels, spatial, x, offX, gradOut, offG, null, 0, null, 0, saveMean, offSaveMean, saveInvStd,
                offSaveInvStd, gamma, offGamma, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta,
                Parallelism.singleThread());
    }

    /**
     * Training forward with a fused epilogue: {@code out = act(bn(x) + residual)}, the residual added when not null
     * and the ReLU applied when {@code relu} (a ResNet unit's {@code relu(bn2(conv2(h)) + shortcut)}, or
     * {@code relu(bn1(conv1(x)))} without residual), in the pass that writes the output; bitwise the same as
     * {@link #trainingForward(int, int, int, float[], int, float[], int, float[], int, double, float[], int, double[],
     * int, double[], int, float[], int, float[], int, double) trainingForward} followed by
     * {@link Elementwise#addRelu} (or {@link Elementwise#relu}) on the same provider. Threads take disjoint ranges
     * of channels (the same bits for every thread count). Other arguments as the plain entry.
     *
     * @param residual    added to the normalised values, the data's size, or null; may be {@code out} itself
     * @param relu        whether to apply {@code max(·, 0)} last
     * @param parallelism the threads (used when the data has at least {@link Elementwise#PARALLEL_THRESHOLD} values)
     */
    public static void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                       int offGamma, float[] beta, int offBeta, double eps, float[] residual,
                                       int offResidual, boolean relu, float[] out, int offOut, double[] saveMean,
                                       int offSaveMean, double[] saveInvStd, int offSaveInvStd, float[] runningMean,
                                       int offRunningMean, float[] runningVar, int offRunningVar, double momentum,
                                       Parallelism parallelism) {
        checkTrainingForward(batch, channels, spatial, len(x), offX, len(gamma), offGamma, len(beta), offBeta, eps,
                len(out), offOut, len(saveMean), offSaveMean, len(saveInvStd), offSaveInvStd, len(runningMean),
                offRunningMean, len(runningVar), offRunningVar, momentum);
        BatchNormChecks.optionalData("residual", len(residual), "offResidual", offResidual, batch, channels, spatial);
        BatchNormOverlaps.trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, residual,
                offResidual, out, offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean,
                offRunningMean, runningVar, offRunningVar);
        ElementwiseChecks.parallelism(parallelism);
        FloatBatchNorm.active().trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta,
                eps, residual, offResidual, relu, out, offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd,
                runningMean, offRunningMean, runningVar, offRunningVar, momentum, parallelism);
    }

    /**
     * Training backward through a fused epilogue (see the fused
     * {@link #trainingForward(int, int, int, float[], int, float[], int, float[], int, double, float[], int, boolean,
     * float[], int, double[], int, double[], int, float[], int, float[], int, double, Parallelism) trainingForward}):
     * with {@code reluOut}, the forward's output, the output gradient first goes through the ReLU,
     * {@code m = reluOut > 0 ? gradOut : 0}, which is also the residual's gradient, written to {@code gradMasked}
     * unless null; then the batch-norm gradients of m as in the plain entry. Without {@code reluOut} this is the
     * plain backward (and {@code gradMasked} must be null: the residual's gradient is {@code gradOut} itself).
     * In place: gradIn may be gradOut, reluOut, or x unless reluOut is given without gradMasked; gradMasked may be
     * gradOut or reluOut.
     *
     * @param reluOut     the fused forward's output when it applied the ReLU, else null
     * @param gradMasked  receives m, or null
     * @param parallelism the threads (used when the data has at least {@link Elementwise#PARALLEL_THRESHOLD} values)
     */
    public static void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                                float[] reluOut, int offReluOut, float[] gradMasked, int offGradMasked,
                                double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                float[] gamma, int offGamma, float[] gradIn, int offGradIn, float[] gradGamma,
                                int offGradGamma, float[] gradBeta, int offGradBeta, Parallelism parallelism) {
        checkBackward(batch, channels, spatial, len(x), offX, len(gradOut), offG, len(saveMean), offSaveMean,
                len(saveInvStd), offSaveInvStd, len(gamma), offGamma, len(gradIn), offGradIn, len(gradGamma),
                offGradGamma, len(gradBeta), offGradBeta);
        checkRelu(batch, channels, spatial, len(reluOut), offReluOut, len(gradMasked), offGradMasked);
        BatchNormOverlaps.backward(true, batch, channels, spatial, x, offX, gradOut, offG, reluOut, offReluOut,
                gradMasked, offGradMasked, saveMean, offSaveMean, saveInvStd, offSaveInvStd, gamma, offGamma, null, 0,
                null, 0, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta);
        ElementwiseChecks.parallelism(parallelism);
        FloatBatchNorm.active().backward(batch, channels, spatial, x, offX, gradOut, offG, reluOut, offReluOut,
                gradMasked, offGradMasked, saveMean, offSaveMean, saveInvStd, offSaveInvStd, gamma, offGamma, gradIn,
                offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta, parallelism);
    }

    /**
     * Inference forward with the fused epilogue {@code out = act(x·scale + shift + residual)} (see the fused
     * training forward); threads over channel ranges. In place: out may be x or the residual.
     */
    public static void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                        int offGamma, float[] beta, int offBeta, float[] runningMean,
                                        int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                        float[] residual, int offResidual, boolean relu, float[] out, int offOut,
                                        Parallelism parallelism) {
        checkInferenceForward(batch, channels, spatial, len(x), offX, len(gamma), offGamma, len(beta), offBeta,
                len(runningMean), offRunningMean, len(runningVar), offRunningVar, eps, len(out), offOut);
        BatchNormChecks.optionalData("residual", len(residual), "offResidual", offResidual, batch, channels, spatial);
        BatchNormOverlaps.inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta,
                runningMean, offRunningMean, runningVar, offRunningVar, residual, offResidual, out, offOut);
        ElementwiseChecks.parallelism(parallelism);
        FloatBatchNorm.active().inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta,
                runningMean, offRunningMean, runningVar, offRunningVar, eps, residual, offResidual, relu, out, offOut,
                parallelism);
    }

    /**
     * Inference backward through the fused epilogue: the output gradient through the ReLU when {@code reluOut} is
     * given (kept in {@code gradMasked} unless null), then the plain inference backward of it. In place: gradIn may
     * be gradOut, reluOut or x; gradMasked may be gradOut or reluOut.
     */
    public static void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut,
                                         int offG, float[] reluOut, int offReluOut, float[] gradMasked,
                                         int offGradMasked, float[] gamma, int offGamma, float[] runningMean,
                                         int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                         float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma,
                                         float[] gradBeta, int offGradBeta, Parallelism parallelism) {
        checkInferenceBackward(batch, channels, spatial, len(x), offX, len(gradOut), offG, len(gamma), offGamma,
                len(runningMean), offRunningMean, len(runningVar), offRunningVar, eps, len(gradIn), offGradIn,
                len(gradGamma), offGradGamma, len(gradBeta), offGradBeta);
        checkRelu(batch, channels, spatial, len(reluOut), offReluOut, len(gradMasked), offGradMasked);
        BatchNormOverlaps.backward(false, batch, channels, spatial, x, offX, gradOut, offG, reluOut, offReluOut,
                gradMasked, offGradMasked, null, 0, null, 0, gamma, offGamma, runningMean, offRunningMean, runningVar,
                offRunningVar, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta);
        ElementwiseChecks.parallelism(parallelism);
        FloatBatchNorm.active().inferenceBackward(batch, channels, spatial, x, offX, gradOut, offG, reluOut,
                offReluOut, gradMasked, offGradMasked, gamma, offGamma, runningMean, offRunningMean, runningVar,
                offRunningVar, eps, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta, parallelism);
    }

    /**
     * Inference forward: {@code out = x·scale + shift} per channel with the running statistics (class comment). In
     * place: out may be x.
     */
    public static void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                        int offGamma, float[] beta, int offBeta, float[] runningMean,
                                        int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                        float[] out, int offOut) {
        inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, runningMean,
                offRunningMean, runningVar, offRunningVar, eps, null, 0, false, out, offOut,
                Parallelism.singleThread());
    }

    /**
     * Inference backward (the running statistics are constants): {@code gradIn = g·gamma·invStd}, {@code gradGamma =
     * invStd·Σg·(x − runningMean)}, {@code gradBeta = Σg}, {@code invStd = 1/sqrt(runningVar + eps)}. Each gradient
     * may be null (not computed). In place: gradIn may be gradOut or x.
     */
    public static void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut,
                                         int offG, float[] gamma, int offGamma, float[] runningMean,
                                         int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                         float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma,
                                         float[] gradBeta, int offGradBeta) {
        inferenceBackward(batch, channels, spatial, x, offX, gradOut, offG, null, 0, null, 0, gamma, offGamma,
                runningMean, offRunningMean, runningVar, offRunningVar, eps, gradIn, offGradIn, gradGamma,
                offGradGamma, gradBeta, offGradBeta, Parallelism.singleThread());
    }

    /**
     * The inference form as a per-channel affine, for folding batch norm into the preceding convolution:
     * {@code scale[c] = gamma[c]/sqrt(runningVar[c] + eps)} and {@code shift[c] = beta[c] − runningMean[c]·scale[c]},
     * computed in double and rounded once. In place: scale and shift may each be one of the inputs (same array and
     * offset), but not each other.
     */
    public static void foldedScaleShift(int channels, float[] gamma, int offGamma, float[] beta, int offBeta,
                                        float[] runningMean, int offRunningMean, float[] runningVar,
                                        int offRunningVar, double eps, float[] scale, int offScale, float[] shift,
                                        int offShift) {
        checkFold(channels, len(gamma), offGamma, len(beta), offBeta, len(runningMean), offRunningMean,
                len(runningVar), offRunningVar, eps, len(scale), offScale, len(shift), offShift);
        BatchNormOverlaps.foldedScaleShift(channels, gamma, offGamma, beta, offBeta, runningMean, offRunningMean,
                runningVar, offRunningVar, scale, offScale, shift, offShift);
        FloatBatchNorm.foldedScaleShift(channels, gamma, offGamma, beta, offBeta, runningMean, offRunningMean,
                runningVar, offRunningVar, eps, scale, offScale, shift, offShift);
    }

    // ---------------------------------------------------------------------------------------------------------
    // double: the reference, same argument rules

    /** Double-precision {@link #trainingForward(int, int, int, float[], int, float[], int, float[], int, double,
     * float[], int, double[], int, double[], int, float[], int, float[], int, double) trainingForward}. */
    public static void trainingForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                       int offGamma, double[] beta, int offBeta, double eps, double[] out,
                                       int offOut, double[] saveMean, int offSaveMean, double[] saveInvStd,
                                       int offSaveInvStd, double[] runningMean, int offRunningMean,
                                       double[] runningVar, int offRunningVar, double momentum) {
        trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, eps, null, 0, false, out,
                offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean, offRunningMean, runningVar,
                offRunningVar, momentum);
    }

    /** Double-precision {@link #backward(int, int, int, float[], int, float[], int, double[], int, double[], int,
     * float[], int, float[], int, float[], int, float[], int) backward}. */
    public static void backward(int batch, int channels, int spatial, double[] x, int offX, double[] gradOut,
                                int offG, double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                double[] gamma, int offGamma, double[] gradIn, int offGradIn, double[] gradGamma,
                                int offGradGamma, double[] gradBeta, int offGradBeta) {
        backward(batch, channels, spatial, x, offX, gradOut, offG, null, 0, null, 0, saveMean, offSaveMean, saveInvStd,
                offSaveInvStd, gamma, offGamma, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta);
    }

    /** Double-precision {@link #inferenceForward(int, int, int, float[], int, float[], int, float[], int, float[],
     * int, float[], int, double, float[], int) inferenceForward}. */
    public static void inferenceForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                        int offGamma, double[] beta, int offBeta, double[] runningMean,
                                        int offRunningMean, double[] runningVar, int offRunningVar, double eps,
                                        double[] out, int offOut) {
        inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, runningMean,
                offRunningMean, runningVar, offRunningVar, eps, null, 0, false, out, offOut);
    }

    /** Double-precision {@link #inferenceBackward(int, int, int, float[], int, float[], int, float[], int, float[],
     * int, float[], int, double, float[], int, float[], int, float[], int) inferenceBackward}. */
    public static void inferenceBackward(int batch, int channels, int spatial, double[] x, int offX,
                                         double[] gradOut, int offG, double[] gamma, int offGamma,
                                         double[] runningMean, int offRunningMean, double[] runningVar,
                                         int offRunningVar, double eps, double[] gradIn, int offGradIn,
                                         double[] gradGamma, int offGradGamma, double[] gradBeta, int offGradBeta) {
        inferenceBackward(batch, channels, spatial, x, offX, gradOut, offG, null, 0, null, 0, gamma, offGamma,
                runningMean, offRunningMean, runningVar, offRunningVar, eps, gradIn, offGradIn, gradGamma,
                offGradGamma, gradBeta, offGradBeta);
    }

    /** Double-precision {@link #foldedScaleShift(int, float[], int, float[], int, float[], int, float[], int, double,
     * float[], int, float[], int) foldedScaleShift}. */
    public static void foldedScaleShift(int channels, double[] gamma, int offGamma, double[] beta, int offBeta,
                                        double[] runningMean, int offRunningMean, double[] runningVar,
                                        int offRunningVar, double eps, double[] scale, int offScale, double[] shift,
                                        int offShift) {
        checkFold(channels, len(gamma), offGamma, len(beta), offBeta, len(runningMean), offRunningMean,
                len(runningVar), offRunningVar, eps, len(scale), offScale, len(shift), offShift);
        BatchNormOverlaps.foldedScaleShift(channels, gamma, offGamma, beta, offBeta, runningMean, offRunningMean,
                runningVar, offRunningVar, scale, offScale, shift, offShift);
        DoubleBatchNorm.foldedScaleShift(channels, gamma, offGamma, beta, offBeta, runningMean, offRunningMean,
                runningVar, offRunningVar, eps, scale, offScale, shift, offShift);
    }

    /** Double-precision fused training forward: {@code out = act(bn(x) + residual)} by definition. */
    public static void trainingForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                       int offGamma, double[] beta, int offBeta, double eps, double[] residual,
                                       int offResidual, boolean relu, double[] out, int offOut, double[] saveMean,
                                       int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                       double[] runningMean, int offRunningMean, double[] runningVar,
                                       int offRunningVar, double momentum) {
        checkTrainingForward(batch, channels, spatial, len(x), offX, len(gamma), offGamma, len(beta), offBeta, eps,
                len(out), offOut, len(saveMean), offSaveMean, len(saveInvStd), offSaveInvStd, len(runningMean),
                offRunningMean, len(runningVar), offRunningVar, momentum);
        BatchNormChecks.optionalData("residual", len(residual), "offResidual", offResidual, batch, channels, spatial);
        BatchNormOverlaps.trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, residual,
                offResidual, out, offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean,
                offRunningMean, runningVar, offRunningVar);
        DoubleBatchNorm.trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, eps,
                residual, offResidual, relu, out, offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd,
                runningMean, offRunningMean, runningVar, offRunningVar, momentum);
    }

    /** Double-precision backward through the fused epilogue (see the float entry). */
    public static void backward(int batch, int channels, int spatial, double[] x, int offX, double[] gradOut,
                                int offG, double[] reluOut, int offReluOut, double[] gradMasked, int offGradMasked,
                                double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                double[] gamma, int offGamma, double[] gradIn, int offGradIn, double[] gradGamma,
                                int offGradGamma, double[] gradBeta, int offGradBeta) {
        checkBackward(batch, channels, spatial, len(x), offX, len(gradOut), offG, len(saveMean), offSaveMean,
                len(saveInvStd), offSaveInvStd, len(gamma), offGamma, len(gradIn), offGradIn, len(gradGamma),
                offGradGamma, len(gradBeta), offGradBeta);
        checkRelu(batch, channels, spatial, len(reluOut), offReluOut, len(gradMasked), offGradMasked);
        BatchNormOverlaps.backward(true, batch, channels, spatial, x, offX, gradOut, offG, reluOut, offReluOut,
                gradMasked, offGradMasked, saveMean, offSaveMean, saveInvStd, offSaveInvStd, gamma, offGamma, null, 0,
                null, 0, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta);
        DoubleBatchNorm.backward(batch, channels, spatial, x, offX, gradOut, offG, reluOut, offReluOut, gradMasked,
                offGradMasked, saveMean, offSaveMean, saveInvStd, offSaveInvStd, gamma, offGamma, gradIn, offGradIn,
                gradGamma, offGradGamma, gradBeta, offGradBeta);
    }

    /** Double-precision fused inference forward. */
    public static void inferenceForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                        int offGamma, double[] beta, int offBeta, double[] runningMean,
                                        int offRunningMean, double[] runningVar, int offRunningVar, double eps,
                                        double[] residual, int offResidual, boolean relu, double[] out, int offOut) {
        checkInferenceForward(batch, channels, spatial, len(x), offX, len(gamma), offGamma, len(beta), offBeta,
                len(runningMean), offRunningMean, len(runningVar), offRunningVar, eps, len(out), offOut);
        BatchNormChecks.optionalData("residual", len(residual), "offResidual", offResidual, batch, channels, spatial);
        BatchNormOverlaps.inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta,
                runningMean, offRunningMean, runningVar, offRunningVar, residual, offResidual, out, offOut);
        DoubleBatchNorm.inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta,
                runningMean, offRunningMean, runningVar, offRunningVar, eps, residual, offResidual, relu, out, offOut);
    }

    /** Double-precision inference backward through the fused epilogue. */
    public static void inferenceBackward(int batch, int channels, int spatial, double[] x, int offX,
                                         double[] gradOut, int offG, double[] reluOut, int offReluOut,
                                         double[] gradMasked, int offGradMasked, double[] gamma, int offGamma,
                                         double[] runningMean, int offRunningMean, double[] runningVar,
                                         int offRunningVar, double eps, double[] gradIn, int offGradIn,
                                         double[] gradGamma, int offGradGamma, double[] gradBeta, int offGradBeta) {
        checkInferenceBackward(batch, channels, spatial, len(x), offX, len(gradOut), offG, len(gamma), offGamma,
                len(runningMean), offRunningMean, len(runningVar), offRunningVar, eps, len(gradIn), offGradIn,
                len(gradGamma), offGradGamma, len(gradBeta), offGradBeta);
        checkRelu(batch, channels, spatial, len(reluOut), offReluOut, len(gradMasked), offGradMasked);
        BatchNormOverlaps.backward(false, batch, channels, spatial, x, offX, gradOut, offG, reluOut, offReluOut,
                gradMasked, offGradMasked, null, 0, null, 0, gamma, offGamma, runningMean, offRunningMean, runningVar,
                offRunningVar, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta);
        DoubleBatchNorm.inferenceBackward(batch, channels, spatial, x, offX, gradOut, offG, reluOut, offReluOut,
                gradMasked, offGradMasked, gamma, offGamma, runningMean, offRunningMean, runningVar, offRunningVar,
                eps, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta);
    }

    // ---------------------------------------------------------------------------------------------------------
    // checks, on array lengths (-1: null)

    private static void checkTrainingForward(int batch, int channels, int spatial, int lenX, int offX, int lenGamma,
                                             int offGamma, int lenBeta, int offBeta, double eps, int lenOut,
                                             int offOut, int lenSaveMean, int offSaveMean, int lenSaveInvStd,
                                             int offSaveInvStd, int lenRunningMean, int offRunningMean,
                                             int lenRunningVar, int offRunningVar, double momentum) {
        BatchNormChecks.sizes(batch, channels, spatial, true);
        BatchNormChecks.data("x", lenX, "offX", offX, batch, channels, spatial);
        BatchNormChecks.optionalPerChannel("gamma", lenGamma, "offGamma", offGamma, channels);
        BatchNormChecks.optionalPerChannel("beta", lenBeta, "offBeta", offBeta, channels);
        BatchNormChecks.eps(eps);
        BatchNormChecks.data("out", lenOut, "offOut", offOut, batch, channels, spatial);
        BatchNormChecks.optionalPerChannel("saveMean", lenSaveMean, "offSaveMean", offSaveMean, channels);
        BatchNormChecks.optionalPerChannel("saveInvStd", lenSaveInvStd, "offSaveInvStd", offSaveInvStd, channels);
        BatchNormChecks.runningPair(lenRunningMean, offRunningMean, lenRunningVar, offRunningVar, channels);
        BatchNormChecks.momentum(momentum);
    }

    private static void checkBackward(int batch, int channels, int spatial, int lenX, int offX, int lenG, int offG,
                                      int lenSaveMean, int offSaveMean, int lenSaveInvStd, int offSaveInvStd,
                                      int lenGamma, int offGamma, int lenGradIn, int offGradIn, int lenGradGamma,
                                      int offGradGamma, int lenGradBeta, int offGradBeta) {
        BatchNormChecks.sizes(batch, channels, spatial, false);
        BatchNormChecks.data("x", lenX, "offX", offX, batch, channels, spatial);
        BatchNormChecks.data("gradOut", lenG, "offG", offG, batch, channels, spatial);
        BatchNormChecks.perChannel("saveMean", lenSaveMean, "offSaveMean", offSaveMean, channels);
        BatchNormChecks.perChannel("saveInvStd", lenSaveInvStd, "offSaveInvStd", offSaveInvStd, channels);
        BatchNormChecks.optionalPerChannel("gamma", lenGamma, "offGamma", offGamma, channels);
        BatchNormChecks.optionalData("gradIn", lenGradIn, "offGradIn", offGradIn, batch, channels, spatial);
        BatchNormChecks.optionalPerChannel("gradGamma", lenGradGamma, "offGradGamma", offGradGamma, channels);
        BatchNormChecks.optionalPerChannel("gradBeta", lenGradBeta, "offGradBeta", offGradBeta, channels);
    }

    private static void checkInferenceForward(int batch, int channels, int spatial, int lenX, int offX,
                                              int lenGamma, int offGamma, int lenBeta, int offBeta,
                                              int lenRunningMean, int offRunningMean, int lenRunningVar,
                                              int offRunningVar, double eps, int lenOut, int offOut) {
        BatchNormChecks.sizes(batch, channels, spatial, false);
        BatchNormChecks.data("x", lenX, "offX", offX, batch, channels, spatial);
        BatchNormChecks.optionalPerChannel("gamma", lenGamma, "offGamma", offGamma, channels);
        BatchNormChecks.optionalPerChannel("beta", lenBeta, "offBeta", offBeta, channels);
        BatchNormChecks.perChannel("runningMean", lenRunningMean, "offRunningMean", offRunningMean, channels);
        BatchNormChecks.perChannel("runningVar", lenRunningVar, "offRunningVar", offRunningVar, channels);
        BatchNormChecks.eps(eps);
        BatchNormChecks.data("out", lenOut, "offOut", offOut, batch, channels, spatial);
    }

    private static void checkInferenceBackward(int batch, int channels, int spatial, int lenX, int offX, int lenG,
                                               int offG, int lenGamma, int offGamma, int lenRunningMean,
                                               int offRunningMean, int lenRunningVar, int offRunningVar, double eps,
                                               int lenGradIn, int offGradIn, int lenGradGamma, int offGradGamma,
                                               int lenGradBeta, int offGradBeta) {
        BatchNormChecks.sizes(batch, channels, spatial, false);
        BatchNormChecks.data("x", lenX, "offX", offX, batch, channels, spatial);
        BatchNormChecks.data("gradOut", lenG, "offG", offG, batch, channels, spatial);
        BatchNormChecks.optionalPerChannel("gamma", lenGamma, "offGamma", offGamma, channels);
        BatchNormChecks.perChannel("runningMean", lenRunningMean, "offRunningMean", offRunningMean, channels);
        BatchNormChecks.perChannel("runningVar", lenRunningVar, "offRunningVar", offRunningVar, channels);
        BatchNormChecks.eps(eps);
        BatchNormChecks.optionalData("gradIn", lenGradIn, "offGradIn", offGradIn, batch, channels, spatial);
        BatchNormChecks.optionalPerChannel("gradGamma", lenGradGamma, "offGradGamma", offGradGamma, channels);
        BatchNormChecks.optionalPerChannel("gradBeta", lenGradBeta, "offGradBeta", offGradBeta, channels);
    }

    /** The ReLU output of a fused forward and the masked gradient: data-sized; the latter only with the former. */
    private static void checkRelu(int batch, int channels, int spatial, int lenReluOut, int offReluOut,
                                  int lenGradMasked, int offGradMasked) {
        BatchNormChecks.optionalData("reluOut", lenReluOut, "offReluOut", offReluOut, batch, channels, spatial);
        if (lenGradMasked >= 0 && lenReluOut < 0) {
            throw new IllegalArgumentException("gradMasked (the gradient through the fused ReLU) needs reluOut, the "
                    + "forward's output; got gradMasked of length " + lenGradMasked + " and reluOut null (without a "
                    + "ReLU the residual's gradient is gradOut itself)");
        }
        BatchNormChecks.optionalData("gradMasked", lenGradMasked, "offGradMasked", offGradMasked, batch, channels,
                spatial);
    }

    private static void checkFold(int channels, int lenGamma, int offGamma, int lenBeta, int offBeta,
                                  int lenRunningMean, int offRunningMean, int lenRunningVar, int offRunningVar,
                                  double eps, int lenScale, int offScale, int lenShift, int offShift) {
        ElementwiseChecks.count("channels", channels);
        BatchNormChecks.optionalPerChannel("gamma", lenGamma, "offGamma", offGamma, channels);
        BatchNormChecks.optionalPerChannel("beta", lenBeta, "offBeta", offBeta, channels);
        BatchNormChecks.perChannel("runningMean", lenRunningMean, "offRunningMean", offRunningMean, channels);
        BatchNormChecks.perChannel("runningVar", lenRunningVar, "offRunningVar", offRunningVar, channels);
        BatchNormChecks.eps(eps);
        BatchNormChecks.perChannel("scale", lenScale, "offScale", offScale, channels);
        BatchNormChecks.perChannel("shift", lenShift, "offShift", offShift, channels);
    }
}
