package dev.resvec.nn.predict;

import dev.resvec.kernels.Parallelism;

/**
 * The options of {@link Predictor#of(dev.resvec.nn.Module, PredictorOptions)}, immutable: each setter returns a
 * modified copy.
 * <pre>{@code
 * Predictor p = Predictor.of(model, PredictorOptions.defaults().inputSize(160, 160)
 *         .parallelism(Parallelism.singleThread()));
 * }</pre>
 * <ul>
 *   <li>{@code inputSize}: the image height and width the filters are prepared for (the convolution algorithm
 *       depends on the activation sizes). Default: 224×224 for an ImageNet-layout {@code ResNet}, 32×32 for a
 *       CIFAR one; required for any other model. {@link Predictor#withInputSize} gives a predictor for another
 *       size that shares the folded weights.</li>
 *   <li>{@code parallelism}: the threads (and the executor) each call may use. Default
 *       {@link Parallelism#defaults()}, the library's pool with one thread per processor. A service that already
 *       runs one request per core passes {@link Parallelism#singleThread()}. Results are bitwise the same for every
 *       setting.</li>
 * </ul>
 */
public final class PredictorOptions {
    private static final PredictorOptions DEFAULTS = new PredictorOptions(0, 0, Parallelism.defaults());

    private final int height;
    private final int width;
    private final Parallelism parallelism;

    private PredictorOptions(int height, int width, Parallelism parallelism) {
        this.height = height;
        this.width = width;
        this.parallelism = parallelism;
    }

    /** @return the defaults: the model's input size, the library's default parallelism */
    public static PredictorOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param height image height, at least 1
     * @param width  image width, at least 1
     * @return a copy preparing for this input size
     * @throws IllegalArgumentException when either is below 1
     */
    public PredictorOptions inputSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("PredictorOptions: expected an input size of at least 1×1, got "
                    + height + "×" + width);
        }
        return new PredictorOptions(height, width, parallelism);
    }

    /**
     * @param parallelism the threads each call may use
     * @return a copy with it
     * @throws IllegalArgumentException when null
     */
    public PredictorOptions parallelism(Parallelism parallelism) {
        if (parallelism == null) {
            throw new IllegalArgumentException("PredictorOptions: expected a Parallelism, got null (use"
                    + " Parallelism.defaults())");
        }
        return new PredictorOptions(height, width, parallelism);
    }

    /** @return the input height, 0 for the model's default */
    public int height() {
        return height;
    }

    /** @return the input width, 0 for the model's default */
    public int width() {
        return width;
    }

    /** @return the threads each call may use */
    public Parallelism parallelism() {
        return parallelism;
    }

    @Override
    public String toString() {
        return "PredictorOptions[inputSize=" + (height == 0 ? "model default" : height + "×" + width)
                + ", parallelism=" + parallelism + "]";
    }
}
