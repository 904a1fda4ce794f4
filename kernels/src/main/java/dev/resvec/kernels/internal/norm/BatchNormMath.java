package dev.resvec.kernels.internal.norm;

/**
 * The per-channel arithmetic of batch norm, in double, shared by the float and double paths: statistics from
 * shifted sums, the running-statistics rule, and the folded affine of inference. PyTorch's definitions
 * ({@code torch.nn.BatchNorm2d}): normalise with the biased variance, update {@code running_var} with the unbiased one.
 */
public final class BatchNormMath {
    private BatchNormMath() {}

    /**
     * The mean from sums about a shift: {@code shift + Σ(x − shift) / n}. With the shift already close to the mean,
     * the correction is small and keeps the accuracy that a float rounding of the shift lost.
     */
    public static double mean(double shift, double sumD, double n) {
        return shift + sumD / n;
    }

    /**
     * The biased variance from sums about a shift, by the corrected two-pass formula {@code (Σd² − (Σd)²/n) / n},
     * {@code d = x − shift} (Chan, Golub &amp; LeVeque 1983, eq. 1.7): exact for any shift in exact arithmetic, and
     * with the shift near the mean both terms are about the variance, so nothing cancels; clamped at 0 against the
     * last rounding.
     */
    public static double variance(double sumD, double sumSqD, double n) {
        return Math.max(0.0, (sumSqD - sumD * sumD / n) / n);
    }

    /** @return {@code 1 / sqrt(var + eps)} */
    public static double invStd(double var, double eps) {
        return 1.0 / Math.sqrt(var + eps);
    }

    /** PyTorch's running update: {@code (1 − momentum)·running + momentum·batchStat}. */
    public static double running(double running, double batchStat, double momentum) {
        return (1.0 - momentum) * running + momentum * batchStat;
    }

    /** @return the unbiased variance {@code var·n / (n − 1)} (Bessel's correction; n ≥ 2) */
    public static double unbiased(double var, double n) {
        return var * (n / (n - 1.0));
    }

    /** @return the inference scale {@code gamma / sqrt(runningVar + eps)} (gamma = 1 when affine is off) */
    public static double foldedScale(double gamma, double runningVar, double eps) {
        return gamma * invStd(runningVar, eps);
    }

    /** @return the inference shift {@code beta − runningMean·scale} (beta = 0 when affine is off) */
    public static double foldedShift(double beta, double runningMean, double scale) {
        return beta - runningMean * scale;
    }
}
