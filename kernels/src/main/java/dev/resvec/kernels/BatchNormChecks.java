package dev.resvec.kernels;

/**
 * Argument checks of {@link BatchNorm}: each failure throws an {@link IllegalArgumentException} that names the
 * array, the data's shape ({@code batch x channels x spatial}) and the sizes. Checks see array lengths ({@code -1}
 * for null), so one method serves float and double entries.
 */
final class BatchNormChecks {
    private BatchNormChecks() {}

    /** The sizes, and for training at least two values per channel. */
    static void sizes(int batch, int channels, int spatial, boolean training) {
        ElementwiseChecks.count("batch", batch);
        ElementwiseChecks.count("channels", channels);
        ElementwiseChecks.count("spatial", spatial);
        if (training && channels > 0 && (long) batch * spatial < 2) {
            throw new IllegalArgumentException("batch norm in training needs more than 1 value per channel (the "
                    + "variance of one value is 0, and its unbiased estimate divides by zero), got " + describe(batch,
                    channels, spatial) + " = " + (long) batch * spatial + " value(s) per channel");
        }
    }

    /** A data-sized array ({@code batch·channels·spatial} values from {@code off}). */
    static void data(String name, int length, String offName, int off, int batch, int channels, int spatial) {
        ElementwiseChecks.span(name, length, offName, off, "batch norm over " + describe(batch, channels, spatial)
                + " (" + (long) batch * channels * spatial + " values)", (long) batch * channels * spatial);
    }

    /** A per-channel array that is required. */
    static void perChannel(String name, int length, String offName, int off, int channels) {
        ElementwiseChecks.spanOf(name, length, offName, off, "channels", channels);
    }

    /** A per-channel array that may be null (affine off, gradient not wanted). */
    static void optionalPerChannel(String name, int length, String offName, int off, int channels) {
        if (length >= 0) {
            perChannel(name, length, offName, off, channels);
        }
    }

    /** A data-sized output that may be null (gradient not wanted). */
    static void optionalData(String name, int length, String offName, int off, int batch, int channels,
                             int spatial) {
        if (length >= 0) {
            data(name, length, offName, off, batch, channels, spatial);
        }
    }

    /** Running mean and variance: both given (they are updated) or both null. */
    static void runningPair(int meanLength, int offMean, int varLength, int offVar, int channels) {
        if ((meanLength < 0) != (varLength < 0)) {
            throw new IllegalArgumentException("runningMean and runningVar must both be given or both be null, got "
                    + (meanLength < 0 ? "runningMean null and runningVar of length " + varLength
                            : "runningVar null and runningMean of length " + meanLength));
        }
        optionalPerChannel("runningMean", meanLength, "offRunningMean", offMean, channels);
        optionalPerChannel("runningVar", varLength, "offRunningVar", offVar, channels);
    }

    /** eps: finite and ≥ 0. */
    static void eps(double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and >= 0, got eps=" + eps);
        }
    }

    /** momentum: finite. */
    static void momentum(double momentum) {
        if (!Double.isFinite(momentum)) {
            throw new IllegalArgumentException("momentum must be finite, got momentum=" + momentum);
        }
    }

    private static String describe(int batch, int channels, int spatial) {
        return "batch x channels x spatial = " + batch + "x" + channels + "x" + spatial;
    }
}
