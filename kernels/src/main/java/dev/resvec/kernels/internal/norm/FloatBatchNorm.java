package dev.resvec.kernels.internal.norm;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * Batch norm on float NCHW data over one provider's batch-norm passes ({@link NormKernels}). Arguments were
 * validated by {@code BatchNorm}. Per-channel scratch ({@code channels} values) is allocated per call; the passes
 * over the data allocate nothing (but the inference backward with a ReLU and no buffer for the masked gradient).
 *
 * <p><b>Training forward</b>, three passes: {@link NormKernels#sums} gives a first mean, rounded to float as the
 * shift; {@link NormKernels#shiftedSums} gives {@code Σ(x − shift)} and {@code Σ(x − shift)²}, from which
 * {@link BatchNormMath} takes the mean and the variance by the corrected two-pass formula (in double, so the
 * variance keeps its accuracy when the mean is large against the spread, where {@code E[x²] − E[x]²} in float
 * would lose every digit); {@link NormKernels#normalize} then applies {@code x·scale + shift} with
 * {@code scale = gamma·invStd}, {@code shift = beta − mean·scale} (PyTorch's CPU kernel does the same fold), and
 * the fused epilogue: a residual added and a ReLU (a ResNet unit's {@code relu(bn(conv(x)) + shortcut)} in one
 * pass, where separate operations would make two more passes and two more tensors).
 *
 * <p><b>Backward</b>, two passes: {@link NormKernels#gradSums} gives {@code Σg} and {@code Σg·(x − m_f)} about the
 * saved mean rounded to float, {@code m_f}; with {@code x̂ = (x − mean)·invStd}, {@code Σg·x̂ = invStd·(Σg·(x − m_f)
 * + (m_f − mean)·Σg)}. The input gradient {@code gamma·invStd/n·(n·g − Σg − x̂·Σg·x̂)} is then one affine pass
 * {@code A·g + B·(x − m_f) + K} with {@code A = gamma·invStd}, {@code B = −A·invStd·Σg·x̂/n} and
 * {@code K = −A·Σg/n + B·(m_f − mean)} ({@link NormKernels#backwardInput}). After a fused ReLU the first pass
 * masks the gradient ({@link NormKernels#reluGradSums}) and keeps the masked gradient, the residual's.
 *
 * <p><b>Threads</b>: every pass of a channel depends on that channel alone, so threads take disjoint ranges of
 * channels through all the passes of a call; each channel is summed by one thread in one fixed order, and the
 * results are bitwise the same for every thread count.
 */
public final class FloatBatchNorm {
    private final NormKernels norm;

    private FloatBatchNorm(NormKernels norm) {
        this.norm = norm;
    }

    /** @return batch norm on {@code backend}'s kernels */
    public static FloatBatchNorm of(Backend backend) {
        return new FloatBatchNorm(NormBackends.of(backend));
    }

    /** @return batch norm on the active provider's kernels */
    public static FloatBatchNorm active() {
        return of(Backends.active());
    }

    /** Training forward without epilogue, on the calling thread; see {@code BatchNorm.trainingForward}. */
    public void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                int offGamma, float[] beta, int offBeta, double eps, float[] out, int offOut,
                                double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                float[] runningMean, int offRunningMean, float[] runningVar, int offRunningVar,
                                double momentum) {
        trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, eps, null, 0, false, out,
                offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean, offRunningMean, runningVar,
                offRunningVar, momentum, Parallelism.singleThread());
    }

    /**
     * Training forward with the residual add and ReLU fused into the output pass; see
     * {@code BatchNorm.trainingForward}. n = batch·spatial ≥ 2 when channels &gt; 0. Threads take disjoint ranges of
     * channels, each channel's passes run on one thread in one order: the same bits for every thread count.
     */
    public void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                int offGamma, float[] beta, int offBeta, double eps, float[] residual,
                                int offResidual, boolean relu, float[] out, int offOut, double[] saveMean,
                                int offSaveMean, double[] saveInvStd, int offSaveInvStd, float[] runningMean,
                                int offRunningMean, float[] runningVar, int offRunningVar, double momentum,
                                Parallelism parallelism) {
        if (channels == 0) {
            return;
        }
        double n = (double) batch * spatial;
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        float[] shift = new float[channels];
        float[] scale = new float[channels];
        float[] offset = new float[channels];
        forChannelRanges(batch, channels, spatial, parallelism, (c0, c1) -> {
            norm.sums(batch, channels, c0, c1, spatial, x, offX, sum);
            for (int c = c0; c < c1; c++) {
                shift[c] = (float) (sum[c] / n);
            }
            norm.shiftedSums(batch, channels, c0, c1, spatial, x, offX, shift, sum, sumSq);
            for (int c = c0; c < c1; c++) {
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
            norm.normalize(batch, channels, c0, c1, spatial, x, offX, scale, offset, residual, offResidual, relu, out,
                    offOut);
        });
    }

    /** Training backward without a ReLU, on the calling thread; see {@code BatchNorm.backward}. */
    public void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                         double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd, float[] gamma,
                         int offGamma, float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma,
                         float[] gradBeta, int offGradBeta) {
        backward(batch, channels, spatial, x, offX, gradOut, offG, null, 0, null, 0, saveMean, offSaveMean,
                saveInvStd, offSaveInvStd, gamma, offGamma, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta,
                offGradBeta, Parallelism.singleThread());
    }

    /**
     * Training backward; see {@code BatchNorm.backward}. With {@code reluOut} (the fused forward's output) the
     * output gradient first goes through the ReLU ({@code m = reluOut > 0 ? gradOut : 0}), written to
     * {@code gradMasked} when that is not null (the residual's gradient), else into {@code gradIn}, which the
     * input-gradient pass then overwrites in place. Null gradients are not computed.
     */
    public void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                         float[] reluOut, int offReluOut, float[] gradMasked, int offGradMasked, double[] saveMean,
                         int offSaveMean, double[] saveInvStd, int offSaveInvStd, float[] gamma, int offGamma,
                         float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma, float[] gradBeta,
                         int offGradBeta, Parallelism parallelism) {
        if (channels == 0 || (gradIn == null && gradGamma == null && gradBeta == null && gradMasked == null)) {
            return;
        }
        double n = (double) batch * spatial;
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = (float) saveMean[offSaveMean + c];
        }
        double[] sumG = new double[channels];
        double[] sumGD = new double[channels];
        float[] a = gradIn == null ? null : new float[channels];
        float[] b = gradIn == null ? null : new float[channels];
        float[] k = gradIn == null ? null : new float[channels];
        // the gradient the batch norm sees: gradOut itself, or gradOut through the ReLU (kept in gradMasked or gradIn)
        float[] g = reluOut == null ? gradOut : gradMasked != null ? gradMasked : gradIn;
        int offGm = reluOut == null ? offG : gradMasked != null ? offGradMasked : offGradIn;
        forChannelRanges(batch, channels, spatial, parallelism, (c0, c1) -> {
            if (reluOut == null) {
                norm.gradSums(batch, channels, c0, c1, spatial, gradOut, offG, x, offX, shift, sumG, sumGD);
            } else {
                norm.reluGradSums(batch, channels, c0, c1, spatial, gradOut, offG, reluOut, offReluOut, x, offX,
                        shift, sumG, sumGD, g, offGm);
            }
            for (int c = c0; c < c1; c++) {
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
                norm.backwardInput(batch, channels, c0, c1, spatial, g, offGm, x, offX, shift, a, b, k, gradIn,
                        offGradIn);
            }
        });
    }

    /** Inference forward without epilogue, on the calling thread. */
    public void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                 int offGamma, float[] beta, int offBeta, float[] runningMean, int offRunningMean,
                                 float[] runningVar, int offRunningVar, double eps, float[] out, int offOut) {
        inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, runningMean,
                offRunningMean, runningVar, offRunningVar, eps, null, 0, false, out, offOut,
                Parallelism.singleThread());
    }

    /** Inference forward: the folded scale and shift, then the residual and the ReLU, in one pass. */
    public void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                 int offGamma, float[] beta, int offBeta, float[] runningMean, int offRunningMean,
                                 float[] runningVar, int offRunningVar, double eps, float[] residual,
                                 int offResidual, boolean relu, float[] out, int offOut, Parallelism parallelism) {
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        foldedScaleShift(channels, gamma, offGamma, beta, offBeta, runningMean, offRunningMean, runningVar,
                offRunningVar, eps, scale, 0, shift, 0);
        forChannelRanges(batch, channels, spatial, parallelism, (c0, c1) -> norm.normalize(batch, channels, c0, c1,
                spatial, x, offX, scale, shift, residual, offResidual, relu, out, offOut));
    }

    /** Inference backward without a ReLU, on the calling thread. */
    public void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut,
                                  int offG, float[] gamma, int offGamma, float[] runningMean, int offRunningMean,
                                  float[] runningVar, int offRunningVar, double eps, float[] gradIn, int offGradIn,
                                  float[] gradGamma, int offGradGamma, float[] gradBeta, int offGradBeta) {
        inferenceBackward(batch, channels, spatial, x, offX, gradOut, offG, null, 0, null, 0, gamma, offGamma,
                runningMean, offRunningMean, runningVar, offRunningVar, eps, gradIn, offGradIn, gradGamma,
                offGradGamma, gradBeta, offGradBeta, Parallelism.singleThread());
    }

    /**
     * Inference backward: the output is {@code x·scale + shift} with constant statistics, so {@code gradIn =
     * m·scale} ({@code normalize} with a zero shift), {@code gradGamma = invStd·Σm·(x − runningMean)} and
     * {@code gradBeta = Σm}, where m is the output gradient, through the ReLU when {@code reluOut} is given (written
     * to {@code gradMasked} unless null).
     */
    public void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut,
                                  int offG, float[] reluOut, int offReluOut, float[] gradMasked, int offGradMasked,
                                  float[] gamma, int offGamma, float[] runningMean, int offRunningMean,
                                  float[] runningVar, int offRunningVar, double eps, float[] gradIn, int offGradIn,
                                  float[] gradGamma, int offGradGamma, float[] gradBeta, int offGradBeta,
                                  Parallelism parallelism) {
        if (channels == 0) {
            return;
        }
        float[] shift = new float[channels];
        System.arraycopy(runningMean, offRunningMean, shift, 0, channels);
        double[] sumG = new double[channels];
        double[] sumGD = new double[channels];
        float[] scale = new float[channels];
        float[] zero = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = (float) BatchNormMath.foldedScale(gamma == null ? 1.0 : gamma[offGamma + c],
                    runningVar[offRunningVar + c], eps);
        }
        // the masked gradient must be kept where the input gradient cannot overwrite it before it is read
        boolean keepMasked = reluOut != null && gradMasked == null && gradIn != null;
        float[] masked = keepMasked ? new float[batch * channels * spatial] : gradMasked;
        int offMasked = keepMasked ? 0 : offGradMasked;
        float[] g = reluOut == null ? gradOut : masked;
        int offGm = reluOut == null ? offG : offMasked;
        forChannelRanges(batch, channels, spatial, parallelism, (c0, c1) -> {
            // the sums first: gradIn may be gradOut itself (in place)
            if (reluOut != null) {
                norm.reluGradSums(batch, channels, c0, c1, spatial, gradOut, offG, reluOut, offReluOut, x, offX,
                        shift, sumG, sumGD, masked, offMasked);
            } else if (gradGamma != null || gradBeta != null) {
                norm.gradSums(batch, channels, c0, c1, spatial, gradOut, offG, x, offX, shift, sumG, sumGD);
            }
            for (int c = c0; c < c1; c++) {
                if (gradGamma != null) {
                    gradGamma[offGradGamma + c] = (float) (BatchNormMath.invStd(runningVar[offRunningVar + c], eps)
                            * sumGD[c]);
                }
                if (gradBeta != null) {
                    gradBeta[offGradBeta + c] = (float) sumG[c];
                }
            }
            if (gradIn != null) {
                norm.normalize(batch, channels, c0, c1, spatial, g, offGm, scale, zero, null, 0, false, gradIn,
                        offGradIn);
            }
        });
    }

    /** A range of channels {@code [c0, c1)}: the unit of work of one thread. */
    @FunctionalInterface
    private interface ChannelRange {
        void run(int c0, int c1);
    }

    /**
     * Runs {@code work} over contiguous channel ranges, one per thread, when the data has at least
     * {@code Elementwise.PARALLEL_THRESHOLD} values (below that a hand-off costs about what it saves).
     */
    private static void forChannelRanges(int batch, int channels, int spatial, Parallelism parallelism,
                                         ChannelRange work) {
        long values = (long) batch * channels * spatial;
        int shares = values < Elementwise.PARALLEL_THRESHOLD ? 1 : Math.min(parallelism.threadCount(), channels);
        if (shares <= 1) {
            work.run(0, channels);
            return;
        }
        ParallelRunner.run(shares, parallelism, i -> work.run((int) ((long) channels * i / shares),
                (int) ((long) channels * (i + 1) / shares)));
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
