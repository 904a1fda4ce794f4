package dev.resvec.kernels.internal.norm;

/**
 * Batch norm in double precision by its definitions (PyTorch's {@code BatchNorm2d}): the reference of the float
 * kernels, and what float64 tensors run. Plain loops; the statistics by the two-pass algorithm (the mean first, then
 * the sum of squared deviations from it, which cannot cancel). Arguments were validated by {@code BatchNorm}.
 */
public final class DoubleBatchNorm {
    private DoubleBatchNorm() {}

    /** Training forward; see {@code BatchNorm.trainingForward}. */
    public static void trainingForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                       int offGamma, double[] beta, int offBeta, double eps, double[] out,
                                       int offOut, double[] saveMean, int offSaveMean, double[] saveInvStd,
                                       int offSaveInvStd, double[] runningMean, int offRunningMean,
                                       double[] runningVar, int offRunningVar, double momentum) {
        double n = (double) batch * spatial;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                int row = offX + (b * channels + c) * spatial;
                for (int s = 0; s < spatial; s++) {
                    sum += x[row + s];
                }
            }
            double mean = sum / n;
            double sq = 0;
            for (int b = 0; b < batch; b++) {
                int row = offX + (b * channels + c) * spatial;
                for (int s = 0; s < spatial; s++) {
                    double d = x[row + s] - mean;
                    sq += d * d;
                }
            }
            double var = sq / n;
            double invStd = BatchNormMath.invStd(var, eps);
            double g = gamma == null ? 1.0 : gamma[offGamma + c];
            double bt = beta == null ? 0.0 : beta[offBeta + c];
            for (int b = 0; b < batch; b++) {
                int row = (b * channels + c) * spatial;
                for (int s = 0; s < spatial; s++) {
                    out[offOut + row + s] = (x[offX + row + s] - mean) * invStd * g + bt;
                }
            }
            if (saveMean != null) {
                saveMean[offSaveMean + c] = mean;
            }
            if (saveInvStd != null) {
                saveInvStd[offSaveInvStd + c] = invStd;
            }
            if (runningMean != null) {
                runningMean[offRunningMean + c] = BatchNormMath.running(runningMean[offRunningMean + c], mean,
                        momentum);
                runningVar[offRunningVar + c] = BatchNormMath.running(runningVar[offRunningVar + c],
                        BatchNormMath.unbiased(var, n), momentum);
            }
        }
    }

    /**
     * Training backward: {@code gradBeta = Σg}, {@code gradGamma = Σg·x̂} and {@code gradIn = gamma·invStd/n·(n·g −
     * Σg − x̂·Σg·x̂)} with {@code x̂ = (x − mean)·invStd}. Null gradients are not computed.
     */
    public static void backward(int batch, int channels, int spatial, double[] x, int offX, double[] gradOut,
                                int offG, double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                double[] gamma, int offGamma, double[] gradIn, int offGradIn, double[] gradGamma,
                                int offGradGamma, double[] gradBeta, int offGradBeta) {
        double n = (double) batch * spatial;
        for (int c = 0; c < channels; c++) {
            double mean = saveMean[offSaveMean + c];
            double invStd = saveInvStd[offSaveInvStd + c];
            double sumG = 0;
            double sumGXhat = 0;
            for (int b = 0; b < batch; b++) {
                int row = (b * channels + c) * spatial;
                for (int s = 0; s < spatial; s++) {
                    double g = gradOut[offG + row + s];
                    sumG += g;
                    sumGXhat += g * (x[offX + row + s] - mean) * invStd;
                }
            }
            if (gradGamma != null) {
                gradGamma[offGradGamma + c] = sumGXhat;
            }
            if (gradBeta != null) {
                gradBeta[offGradBeta + c] = sumG;
            }
            if (gradIn != null) {
                double k = (gamma == null ? 1.0 : gamma[offGamma + c]) * invStd / n;
                for (int b = 0; b < batch; b++) {
                    int row = (b * channels + c) * spatial;
                    for (int s = 0; s < spatial; s++) {
                        double xhat = (x[offX + row + s] - mean) * invStd;
                        gradIn[offGradIn + row + s] = k * (n * gradOut[offG + row + s] - sumG - xhat * sumGXhat);
                    }
                }
            }
        }
    }

    /** Inference forward: {@code (x − runningMean)·gamma/sqrt(runningVar + eps) + beta}, as the folded affine. */
    public static void inferenceForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                        int offGamma, double[] beta, int offBeta, double[] runningMean,
                                        int offRunningMean, double[] runningVar, int offRunningVar, double eps,
                                        double[] out, int offOut) {
        for (int c = 0; c < channels; c++) {
            double sc = BatchNormMath.foldedScale(gamma == null ? 1.0 : gamma[offGamma + c],
                    runningVar[offRunningVar + c], eps);
            double sh = BatchNormMath.foldedShift(beta == null ? 0.0 : beta[offBeta + c],
                    runningMean[offRunningMean + c], sc);
            for (int b = 0; b < batch; b++) {
                int row = (b * channels + c) * spatial;
                for (int s = 0; s < spatial; s++) {
                    out[offOut + row + s] = x[offX + row + s] * sc + sh;
                }
            }
        }
    }

    /**
     * Inference backward: {@code gradIn = g·gamma·invStd}, {@code gradGamma = invStd·Σg·(x − runningMean)},
     * {@code gradBeta = Σg}, with {@code invStd = 1/sqrt(runningVar + eps)}. Null gradients are not computed.
     */
    public static void inferenceBackward(int batch, int channels, int spatial, double[] x, int offX,
                                         double[] gradOut, int offG, double[] gamma, int offGamma,
                                         double[] runningMean, int offRunningMean, double[] runningVar,
                                         int offRunningVar, double eps, double[] gradIn, int offGradIn,
                                         double[] gradGamma, int offGradGamma, double[] gradBeta, int offGradBeta) {
        for (int c = 0; c < channels; c++) {
            double invStd = BatchNormMath.invStd(runningVar[offRunningVar + c], eps);
            double sc = (gamma == null ? 1.0 : gamma[offGamma + c]) * invStd;
            double mean = runningMean[offRunningMean + c];
            double sumG = 0;
            double sumGD = 0;
            for (int b = 0; b < batch; b++) {
                int row = (b * channels + c) * spatial;
                for (int s = 0; s < spatial; s++) {
                    double g = gradOut[offG + row + s];
                    sumG += g;
                    sumGD += g * (x[offX + row + s] - mean);
                    if (gradIn != null) {
                        gradIn[offGradIn + row + s] = g * sc;
                    }
                }
            }
            if (gradGamma != null) {
                gradGamma[offGradGamma + c] = invStd * sumGD;
            }
            if (gradBeta != null) {
                gradBeta[offGradBeta + c] = sumG;
            }
        }
    }

    /** The folded inference affine: {@code scale = gamma/sqrt(runningVar + eps)}, {@code shift = beta − mean·scale}. */
    public static void foldedScaleShift(int channels, double[] gamma, int offGamma, double[] beta, int offBeta,
                                        double[] runningMean, int offRunningMean, double[] runningVar,
                                        int offRunningVar, double eps, double[] scale, int offScale, double[] shift,
                                        int offShift) {
        for (int c = 0; c < channels; c++) {
            double sc = BatchNormMath.foldedScale(gamma == null ? 1.0 : gamma[offGamma + c],
                    runningVar[offRunningVar + c], eps);
            double sh = BatchNormMath.foldedShift(beta == null ? 0.0 : beta[offBeta + c],
                    runningMean[offRunningMean + c], sc);
            scale[offScale + c] = sc;
            shift[offShift + c] = sh;
        }
    }

    /**
     * Training forward followed by the epilogue {@code out = act(bn(x) + residual)} (residual may be null; act the
     * ReLU when {@code relu}); by definition: the plain forward into a scratch array, then the epilogue.
     */
    public static void trainingForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                       int offGamma, double[] beta, int offBeta, double eps, double[] residual,
                                       int offResidual, boolean relu, double[] out, int offOut, double[] saveMean,
                                       int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                       double[] runningMean, int offRunningMean, double[] runningVar,
                                       int offRunningVar, double momentum) {
        boolean plain = residual == null && !relu;
        int size = batch * channels * spatial;
        double[] y = plain ? out : new double[size];
        trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, eps, y, plain ? offOut : 0,
                saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean, offRunningMean, runningVar,
                offRunningVar, momentum);
        if (!plain) {
            epilogue(size, y, residual, offResidual, relu, out, offOut);
        }
    }

    /** Inference forward followed by the epilogue (as {@link #trainingForward} with one). */
    public static void inferenceForward(int batch, int channels, int spatial, double[] x, int offX, double[] gamma,
                                        int offGamma, double[] beta, int offBeta, double[] runningMean,
                                        int offRunningMean, double[] runningVar, int offRunningVar, double eps,
                                        double[] residual, int offResidual, boolean relu, double[] out, int offOut) {
        boolean plain = residual == null && !relu;
        int size = batch * channels * spatial;
        double[] y = plain ? out : new double[size];
        inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, runningMean,
                offRunningMean, runningVar, offRunningVar, eps, y, plain ? offOut : 0);
        if (!plain) {
            epilogue(size, y, residual, offResidual, relu, out, offOut);
        }
    }

    /**
     * Training backward through the epilogue: the output gradient masked by {@code reluOut > 0} when
     * {@code reluOut} (the forward's output) is given, written to {@code gradMasked} unless null, then
     * {@link #backward} of it.
     */
    public static void backward(int batch, int channels, int spatial, double[] x, int offX, double[] gradOut,
                                int offG, double[] reluOut, int offReluOut, double[] gradMasked, int offGradMasked,
                                double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                double[] gamma, int offGamma, double[] gradIn, int offGradIn, double[] gradGamma,
                                int offGradGamma, double[] gradBeta, int offGradBeta) {
        double[] m = mask(batch * channels * spatial, gradOut, offG, reluOut, offReluOut, gradMasked,
                offGradMasked);
        backward(batch, channels, spatial, x, offX, m, reluOut == null ? offG : 0, saveMean, offSaveMean, saveInvStd,
                offSaveInvStd, gamma, offGamma, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta, offGradBeta);
    }

    /** Inference backward through the epilogue (as {@link #backward} with a ReLU). */
    public static void inferenceBackward(int batch, int channels, int spatial, double[] x, int offX,
                                         double[] gradOut, int offG, double[] reluOut, int offReluOut,
                                         double[] gradMasked, int offGradMasked, double[] gamma, int offGamma,
                                         double[] runningMean, int offRunningMean, double[] runningVar,
                                         int offRunningVar, double eps, double[] gradIn, int offGradIn,
                                         double[] gradGamma, int offGradGamma, double[] gradBeta, int offGradBeta) {
        double[] m = mask(batch * channels * spatial, gradOut, offG, reluOut, offReluOut, gradMasked,
                offGradMasked);
        inferenceBackward(batch, channels, spatial, x, offX, m, reluOut == null ? offG : 0, gamma, offGamma,
                runningMean, offRunningMean, runningVar, offRunningVar, eps, gradIn, offGradIn, gradGamma,
                offGradGamma, gradBeta, offGradBeta);
    }

    private static void epilogue(int size, double[] y, double[] residual, int offResidual, boolean relu,
                                 double[] out, int offOut) {
        for (int i = 0; i < size; i++) {
            double v = residual == null ? y[i] : y[i] + residual[offResidual + i];
            out[offOut + i] = relu ? Math.max(v, 0.0) : v;
        }
    }

    /**
     * @return gradOut itself without a ReLU; else a new array (index 0 on) of {@code reluOut > 0 ? gradOut : 0},
     * also copied to {@code gradMasked} unless null
     */
    private static double[] mask(int size, double[] gradOut, int offG, double[] reluOut, int offReluOut,
                                 double[] gradMasked, int offGradMasked) {
        if (reluOut == null) {
            return gradOut;
        }
        double[] m = new double[size];
        for (int i = 0; i < size; i++) {
            m[i] = reluOut[offReluOut + i] > 0 ? gradOut[offG + i] : 0.0;
        }
        if (gradMasked != null) {
            System.arraycopy(m, 0, gradMasked, offGradMasked, size);
        }
        return m;
    }
}
