package dev.resvec.kernels.internal.norm;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.ElementwiseKernels;

/**
 * Batch norm on float NCHW data over one provider's kernels: the elementwise ones ({@code channelSums},
 * {@code channelAffine}) and the batch-norm passes ({@link NormKernels}). Arguments were validated by
 * {@code BatchNorm}. Per-channel scratch ({@code channels} values) is allocated per call; the passes over the data
 * allocate nothing.
 *
 * <p><b>Training forward</b>, three passes: the sums of {@code channelSums} give a first mean, rounded to float as
 * the shift; {@link NormKernels#shiftedSums} gives {@code Σ(x − shift)} and {@code Σ(x − shift)²}, from which
 * {@link BatchNormMath} takes the mean and the variance by the corrected two-pass formula (in double, so the
 * variance keeps its accuracy when the mean is large against the spread, where {@code E[x²] − E[x]²} in float
 * would lose every digit); {@code channelAffine} then applies {@code x·scale + shift} with
 * {@code scale = gamma·invStd}, {@code shift = beta − mean·scale} (PyTorch's CPU kernel does the same fold).
 *
 * <p><b>Backward</b>, two passes: {@link NormKernels#gradSums} gives {@code Σg} and {@code Σg·(x − m_f)} about the
 * saved mean rounded to float, {@code m_f}; with {@code x̂ = (x − mean)·invStd}, {@code Σg·x̂ = invStd·(Σg·(x − m_f)
 * + (m_f − mean)·Σg)}. The input gradient {@code gamma·invStd/n·(n·g − Σg − x̂·Σg·x̂)} is then one affine pass
 * {@code A·g + B·(x − m_f) + K} with {@code A = gamma·invStd}, {@code B = −A·invStd·Σg·x̂/n} and
 * {@code K = −A·Σg/n + B·(m_f − mean)} ({@link NormKernels#backwardInput}).
 */
public final class FloatBatchNorm {
    private final ElementwiseKernels elementwise;
    private final NormKernels norm;

    private FloatBatchNorm(ElementwiseKernels elementwise, NormKernels norm) {
        this.elementwise = elementwise;
        this.norm = norm;
    }

    /** @return batch norm on {@code backend}'s kernels */
    public static FloatBatchNorm of(Backend backend) {
        return new FloatBatchNorm(backend.elementwise(), NormBackends.of(backend));
    }

    /** @return batch norm on the active provider's kernels */
    public static FloatBatchNorm active() {
        return of(Backends.active());
    }

    /** Training forward; see {@code BatchNorm.trainingForward}. n = batch·spatial ≥ 2 when channels &gt; 0. */
    public void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                int offGamma, float[] beta, int offBeta, double eps, float[] out, int offOut,
                                double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                float[] runningMean, int offRunningMean, float[] runningVar, int offRunningVar,
                                double momentum) {
        if (channels == 0) {
            return;
        }
        double n = (double) batch * spatial;
        double[] sum = new double[channels];
        elementwise.channelSums(batch, channels, spatial, x, offX, sum, 0, null, 0);
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = (float) (sum[c] / n);
        }
        double[] sumSq = new double[channels];
        norm.shiftedSums(batch, channels, spatial, x, offX, shift, sum, sumSq);
        float[] scale = new float[channels];
        float[] offset = new float[channels];
        for (int c = 0; c < channels; c++) {
            double mean = BatchNormMath.mean(shift[c], sum[c], n);
            double var = BatchNormMath.variance(sum[c], sumSq[c], n);
            double invStd = BatchNormMath.invStd(var, eps);
            double sc = (gamma == null ? 1.0 : gamma[offGamma + c]) * invStd;
            scale[c] = (float) sc;
            offset[c] = (float) ((beta == null ? 0.0 : beta[offBeta + c]) - mean * sc);
            if (saveMean != null) {
                saveMean[offSaveMean + c] = mean;
            }
            if (saveInvStd != null) {
                saveInvStd[offSaveInvStd + c] = invStd;
            }
            if (runningMean != null) {
                runningMean[offRunningMean + c] = (float) BatchNormMath.running(runningMean[offRunningMean + c],
                        mean, momentum);
                runningVar[offRunningVar + c] = (float) BatchNormMath.running(runningVar[offRunningVar + c],
                        BatchNormMath.unbiased(var, n), momentum);
            }
        }
        elementwise.channelAffine(batch, channels, spatial, x, offX, scale, 0, offset, 0, out, offOut);
    }

    /** Training backward; see {@code BatchNorm.backward}. Null gradients are not computed. */
    public void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                         double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd, float[] gamma,
                         int offGamma, float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma,
                         float[] gradBeta, int offGradBeta) {
        if (channels == 0 || (gradIn == null && gradGamma == null && gradBeta == null)) {
            return;
        }
        double n = (double) batch * spatial;
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = (float) saveMean[offSaveMean + c];
        }
        double[] sumG = new double[channels];
        double[] sumGD = new double[channels];
        norm.gradSums(batch, channels, spatial, gradOut, offG, x, offX, shift, sumG, sumGD);
        float[] a = gradIn == null ? null : new float[channels];
        float[] b = gradIn == null ? null : new float[channels];
        float[] k = gradIn == null ? null : new float[channels];
        for (int c = 0; c < channels; c++) {
            double mean = saveMean[offSaveMean + c];
            double invStd = saveInvStd[offSaveInvStd + c];
            double shiftError = shift[c] - mean;
            double sumGXhat = invStd * (sumGD[c] + shiftError * sumG[c]);
            if (gradGamma != null) {
                gradGamma[offGradGamma + c] = (float) sumGXhat;
            }
            if (gradBeta != null) {
                gradBeta[offGradBeta + c] = (float) sumG[c];
            }
            if (gradIn != null) {
                double ac = (gamma == null ? 1.0 : gamma[offGamma + c]) * invStd;
                double bc = -ac * invStd * sumGXhat / n;
                a[c] = (float) ac;
                b[c] = (float) bc;
                k[c] = (float) (-ac * sumG[c] / n + bc * shiftError);
            }
        }
        if (gradIn != null) {
            norm.backwardInput(batch, channels, spatial, gradOut, offG, x, offX, shift, a, b, k, gradIn, offGradIn);
        }
    }

    /** Inference forward: {@code channelAffine} with the folded scale and shift. */
    public void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                 int offGamma, float[] beta, int offBeta, float[] runningMean, int offRunningMean,
                                 float[] runningVar, int offRunningVar, double eps, float[] out, int offOut) {
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        foldedScaleShift(channels, gamma, offGamma, beta, offBeta, runningMean, offRunningMean, runningVar,
                offRunningVar, eps, scale, 0, shift, 0);
        elementwise.channelAffine(batch, channels, spatial, x, offX, scale, 0, shift, 0, out, offOut);
    }

    /**
     * Inference backward: the output is {@code x·scale + shift} with constant statistics, so {@code gradIn =
     * g·scale} ({@code channelAffine} with a zero shift), {@code gradGamma = invStd·Σg·(x − runningMean)} and
     * {@code gradBeta = Σg}.
     */
    public void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut,
                                  int offG, float[] gamma, int offGamma, float[] runningMean, int offRunningMean,
                                  float[] runningVar, int offRunningVar, double eps, float[] gradIn, int offGradIn,
                                  float[] gradGamma, int offGradGamma, float[] gradBeta, int offGradBeta) {
        if (channels == 0) {
            return;
        }
        // The sums first: gradIn may be gradOut itself (in place).
        if (gradGamma != null || gradBeta != null) {
            float[] shift = new float[channels];
            System.arraycopy(runningMean, offRunningMean, shift, 0, channels);
            double[] sumG = new double[channels];
            double[] sumGD = new double[channels];
            norm.gradSums(batch, channels, spatial, gradOut, offG, x, offX, shift, sumG, sumGD);
            for (int c = 0; c < channels; c++) {
                if (gradGamma != null) {
                    gradGamma[offGradGamma + c] = (float) (BatchNormMath.invStd(runningVar[offRunningVar + c], eps)
                            * sumGD[c]);
                }
                if (gradBeta != null) {
                    gradBeta[offGradBeta + c] = (float) sumG[c];
                }
            }
        }
        if (gradIn != null) {
            float[] scale = new float[channels];
            for (int c = 0; c < channels; c++) {
                scale[c] = (float) BatchNormMath.foldedScale(gamma == null ? 1.0 : gamma[offGamma + c],
                        runningVar[offRunningVar + c], eps);
            }
            elementwise.channelAffine(batch, channels, spatial, gradOut, offG, scale, 0, new float[channels], 0,
                    gradIn, offGradIn);
        }
    }

    /** The folded inference affine, computed in double and rounded once per value. */
    public static void foldedScaleShift(int channels, float[] gamma, int offGamma, float[] beta, int offBeta,
                                        float[] runningMean, int offRunningMean, float[] runningVar,
                                        int offRunningVar, double eps, float[] scale, int offScale, float[] shift,
                                        int offShift) {
        for (int c = 0; c < channels; c++) {
            double sc = BatchNormMath.foldedScale(gamma == null ? 1.0 : gamma[offGamma + c],
                    runningVar[offRunningVar + c], eps);
            double sh = BatchNormMath.foldedShift(beta == null ? 0.0 : beta[offBeta + c],
                    runningMean[offRunningMean + c], sc);
            scale[offScale + c] = (float) sc;
            shift[offShift + c] = (float) sh;
        }
    }
}
