package dev.resvec.nn.predict;

import dev.resvec.core.Tensor;
import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.Module;
import dev.resvec.nn.resnet.ResNet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The inference form of a trained model: compiled once, immutable, safe to call from many threads at once, and
 * bitwise the same output whatever the thread count. It takes a {@link ResNet} (v1 or v2, ImageNet or CIFAR
 * layout) or any tree of {@code Sequential}, {@code Conv2d}, {@code BatchNorm2d}, {@code ReLU}, {@code MaxPool2d},
 * {@code AvgPool2d}, {@code AdaptiveAvgPool2d}, {@code Flatten(1, -1)}, {@code Identity}, {@code Linear} and the
 * ResNet units; any other module is an error that names it.
 * <pre>{@code
 * Predictor predictor = Predictor.of(model);                          // ResNet: 224×224 (ImageNet) or 32×32 (CIFAR)
 * Tensor logits = predictor.predict(images);                          // N×3×224×224 -> N×classes
 * List<List<Prediction>> top5 = Predictor.topK(logits, 5);            // per image: (class, probability)
 * }</pre>
 *
 * <h2>What building does</h2>
 * <ul>
 *   <li><b>Batch norm folded.</b> A convolution followed by batch norm becomes one convolution with filters
 *       {@code w' = w·γ/√(var+ε)} and bias {@code b' = β + (b − μ)·γ/√(var+ε)} (per output channel, computed in
 *       double, rounded once). In ResNet v1 every batch norm folds this way.</li>
 *   <li><b>Activations and residual adds fused</b> into the convolution's epilogue: {@code bn + ReLU} inside a
 *       branch, and a v1 unit's {@code relu(bn(conv(h)) + shortcut)} are one convolution each. In v2
 *       (pre-activation) the add is the residual of the unit's last convolution; each unit's {@code bn1 + ReLU}
 *       and the head's {@code bn + ReLU} are per-channel affine passes, because the value they normalise is the
 *       raw sum that the identity shortcut must carry on unnormalised, and the ReLU after them stops folding
 *       into the next convolution.</li>
 *   <li><b>Filters prepared once</b> for the input size ({@code Convolution.prepare}, algorithm from
 *       {@code Convolution.choose}: Winograd-transformed for 3×3 stride 1, copied for the GEMM algorithms).</li>
 *   <li>Max pooling, global average pooling, and the classifier as one GEMM with the bias in its epilogue.</li>
 * </ul>
 * Building copies every value it needs: later changes to the model do not show. It ignores the model's mode: the
 * predictor always computes the eval-mode function (running statistics), and it does not switch the model.
 *
 * <h2>Threads and memory</h2>
 * Each call takes its activation buffers from an arena of this predictor, sized for the largest batch it has run:
 * a platform thread keeps its own (a {@link ThreadLocal}), virtual threads borrow from a shared stack (a virtual
 * thread usually lives for one request). So steady-state calls allocate nothing large beyond the output (and, for
 * {@link #predict(Tensor)}, the copy of the input a {@code Tensor} hands out; {@link #predict(float[], int)}
 * reads the caller's array as it is). A ResNet needs three or four buffers whatever its depth
 * ({@link #scratchPerImage()}). An arena lives as long as its thread and the predictor;
 * {@link #releaseScratch()} drops the calling thread's.
 * The threads one call may use come from the {@link PredictorOptions#parallelism(Parallelism) options} or
 * {@link #withParallelism}. A call of at least as many images as threads gives each thread whole images to run
 * through the network on its own (with its own arena: a helper thread keeps one too); a smaller call splits each
 * layer's work among the threads, by outputs (output channels and pixels, planes, images), never along a sum. So
 * every setting gives the same bits.
 *
 * <h2>Inputs</h2>
 * Float32 NCHW images of the channel count and the size the predictor was built for (see
 * {@link PredictorOptions}); anything else is an {@link IllegalArgumentException} that says what was expected.
 */
public final class Predictor {
    private final Program program;
    private final Plan plan;
    private final Parallelism parallelism;
    private final ArenaPool arenas;

    /** Whether a call of at least as many images as threads gives each thread whole images ({@link #imageShares}). */
    private final boolean splitImages;

    private Predictor(Program program, Plan plan, Parallelism parallelism, ArenaPool arenas, boolean splitImages) {
        this.program = program;
        this.plan = plan;
        this.parallelism = parallelism;
        this.arenas = arenas;
        this.splitImages = splitImages;
    }

    /**
     * @param model a {@link ResNet}, or a tree of supported layers (see the class comment); with another model,
     *              give the input size in the options
     * @return the predictor, with the default options
     */
    public static Predictor of(Module model) {
        return of(model, PredictorOptions.defaults());
    }

    /**
     * @param model   the trained model (its parameters and running statistics are copied)
     * @param options input size and parallelism
     * @return the predictor
     * @throws IllegalArgumentException for an unsupported layer, inconsistent layers, invalid batch-norm
     *                                  statistics, no input size for a model that has no default, or an input
     *                                  size too small for the model
     */
    public static Predictor of(Module model, PredictorOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("Predictor: expected options, got null (use"
                    + " PredictorOptions.defaults())");
        }
        Program program = ModelCompiler.compile(model);
        int h = options.height();
        int w = options.width();
        if (h == 0) {
            if (!(model instanceof ResNet r)) {
                throw new IllegalArgumentException("Predictor: " + program.name() + " has no default input size;"
                        + " give one with PredictorOptions.inputSize(height, width)");
            }
            h = w = r.stem() == ResNet.Stem.IMAGENET ? 224 : 32;
        }
        return fresh(program, bindChecked(program, h, w), options.parallelism());
    }

    /** A predictor with its own arenas (a new plan needs buffers of its own sizes). */
    private static Predictor fresh(Program program, Plan plan, Parallelism parallelism) {
        return new Predictor(program, plan, parallelism, new ArenaPool(plan), true);
    }

    private static Plan bindChecked(Program program, int height, int width) {
        try {
            Plan.shapes(program, height, width);
        } catch (IllegalArgumentException e) {
            int min = smallestSquare(program);
            throw new IllegalArgumentException("Predictor: " + height + "×" + width + " images do not fit "
                    + program.name() + (min > 0 ? " (the smallest square size it takes is " + min + "×" + min + ")"
                    : "") + ": " + e.getMessage(), e);
        }
        return Plan.bind(program, height, width);
    }

    /** @return the smallest square input size the model takes (0 when none up to 4096) */
    private static int smallestSquare(Program program) {
        for (int s = 1; s <= 4096; s++) {
            try {
                Plan.shapes(program, s, s);
                return s;
            } catch (IllegalArgumentException tooSmall) {
                // try the next size
            }
        }
        return 0;
    }

    /**
     * @return a predictor for images of another size, sharing this one's folded weights (its filters are
     * prepared for the new size) and parallelism
     * @throws IllegalArgumentException when the size is below 1 or too small for the model
     */
    public Predictor withInputSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("Predictor: expected an input size of at least 1×1, got " + height
                    + "×" + width);
        }
        if (height == plan.input().height() && width == plan.input().width()) {
            return this;
        }
        return fresh(program, bindChecked(program, height, width), parallelism);
    }

    /** @return a predictor sharing this one's plan and per-thread buffers, whose calls use these threads */
    public Predictor withParallelism(Parallelism parallelism) {
        if (parallelism == null) {
            throw new IllegalArgumentException("Predictor: expected a Parallelism, got null");
        }
        return new Predictor(program, plan, parallelism, arenas, splitImages);
    }

    /**
     * @return this predictor with every call's layers splitting their work among the threads, whatever the batch
     * (for tests: the kernels' and the passes' own splits at every batch)
     */
    Predictor layersSplitOnly() {
        return new Predictor(program, plan, parallelism, arenas, false);
    }

    // ------------------------------------------------------------------------------------------------ predict

    /**
     * @param images N×C×H×W, float32 or float64 (converted), with the predictor's channels and size, N ≥ 1
     * @return the output: N×classes logits for a classifier (N × the model's output shape in general)
     * @throws IllegalArgumentException when the rank, channels, size or batch does not fit
     */
    public Tensor predict(Tensor images) {
        checkImages(images);
        int batch = images.size(0);
        float[] out = new float[outputSizeFor(batch)];
        predictInto(images.toFloatArray(), 0, batch, out, 0);
        return Tensor.fromArray(out, outputShape(batch));
    }

    /**
     * @param nchw  {@code batch} images, NCHW, exactly {@code batch·C·H·W} floats; not modified
     * @param batch the number of images, at least 1
     * @return the output, {@code batch × outputSize()} floats (logits, row-major)
     * @throws IllegalArgumentException when the array does not hold exactly {@code batch} images of the
     *                                  predictor's shape
     */
    public float[] predict(float[] nchw, int batch) {
        checkImages(nchw, batch);
        float[] out = new float[outputSizeFor(batch)];
        predictInto(nchw, 0, batch, out, 0);
        return out;
    }

    /**
     * The allocation-free form: reads {@code batch} images from {@code in} at {@code offIn} and writes
     * {@code batch × outputSize()} floats into {@code out} at {@code offOut}.
     *
     * @throws IllegalArgumentException when a range does not fit its array or the arrays overlap
     */
    public void predictInto(float[] in, int offIn, int batch, float[] out, int offOut) {
        checkBatch(batch);
        long inSize = (long) batch * plan.input().size();
        long outSize = (long) batch * plan.output().size();
        checkRange("in", in, offIn, inSize, describeInput(batch));
        checkRange("out", out, offOut, outSize, batch + " outputs of " + plan.output().size() + " floats");
        if (in == out && offIn < offOut + outSize && offOut < offIn + inSize) {
            throw new IllegalArgumentException("Predictor: the output range [" + offOut + ", " + (offOut + outSize)
                    + ") overlaps the input range [" + offIn + ", " + (offIn + inSize) + ") of the same array");
        }
        inShares(in, offIn, batch, out, offOut, (share, arena, images, threads) -> runSteps(arena, images, threads));
    }

    /** What one share of a call does with its images, on its arena, with the threads it may use. */
    @FunctionalInterface
    private interface ShareWork {
        void run(int share, Arena arena, int images, Parallelism threads);
    }

    /**
     * Runs {@code work} on the call's {@link #imageShares shares}: the whole batch on the calling thread's arena with
     * this predictor's parallelism, or each share's images on its own thread's arena, single-threaded.
     */
    private void inShares(float[] in, int offIn, int batch, float[] out, int offOut, ShareWork work) {
        int shares = imageShares(batch);
        if (shares == 1) {
            withArena(in, offIn, batch, out, offOut, arena -> work.run(0, arena, batch, parallelism));
            return;
        }
        int inPer = plan.input().size(), outPer = plan.output().size();
        parallelism.run(shares, s -> {
            int from = firstImage(batch, shares, s), images = firstImage(batch, shares, s + 1) - from;
            withArena(in, offIn + from * inPer, images, out, offOut + from * outPer,
                    arena -> work.run(s, arena, images, Parallelism.singleThread()));
        });
    }

    /**
     * The shares of images a call of {@code batch} images splits into: one per thread where the batch gives every
     * thread at least one image, each share then running the whole network on one thread; else 1 (the layers split
     * their work among the threads). Whole images per thread meet only at the end of the call, where a layer split
     * meets at every layer and hands each layer's output from one core to another; measured on 2 cores (Zen 5,
     * 224×224, 2 threads, one JVM alternating the two, ms a call): ResNet-18 batch 8 73.0–75.9 → 68.6–73.0,
     * ResNet-50 batch 8 191–205 → 184–191, batch 2 65–68 → 53–56. The bits are the same: every image's output is
     * computed by the same operations whichever images share its call.
     */
    private int imageShares(int batch) {
        if (!splitImages) {
            return 1;
        }
        int threads = parallelism.threadCount();
        return threads > 1 && batch >= threads ? threads : 1;
    }

    /** @return the first image of share {@code s} of {@code shares} (the shares differ by at most one image) */
    private static int firstImage(int batch, int shares, int s) {
        return (int) ((long) batch * s / shares);
    }

    /** One call's operations, in order, on {@code arena}'s buffers. */
    private void runSteps(Arena arena, int batch, Parallelism threads) {
        for (Step s : plan.steps()) {
            s.run(arena, batch, threads);
        }
    }

    /** Runs {@code work} on the calling thread's arena, bound to these arrays for the call, and gives it back. */
    private void withArena(float[] in, int offIn, int batch, float[] out, int offOut,
                           Consumer<Arena> work) {
        Arena arena = arenas.acquire();
        try {
            arena.bind(batch, in, offIn, out, offOut);
            work.accept(arena);
        } finally {
            arena.unbind();
            arenas.release(arena);
        }
    }

    /**
     * Calls the predictor on {@code batch} images, once and then until its call time stops improving or
     * {@code max} has passed: a JVM runs the first calls interpreted and compiles the kernels as they run, which
     * takes seconds, and longer while the calls keep every core busy (a 2-thread ResNet-18 on 2 cores ran at 17, 14
     * and 12 ms a call after 2, 4 and 8 s). A service calls it before it takes traffic; a benchmark before it
     * measures. The time has settled when {@value #SETTLED_WINDOWS} windows in a row (each at least
     * {@value #WINDOW_CALLS} calls and a quarter of a second) brought no call 3 % faster than the fastest before.
     *
     * @param nchw  {@code batch} images, NCHW, exactly {@code batch·C·H·W} floats; not modified
     * @param batch the number of images, at least 1
     * @param max   how long it may take, at least zero (zero: one call)
     * @return whether the call time settled within {@code max}
     * @throws IllegalArgumentException when the array does not hold exactly {@code batch} images of the
     *                                  predictor's shape, or {@code max} is null or negative
     */
    public boolean warmUp(float[] nchw, int batch, Duration max) {
        return warmUp(nchw, batch, max, System::nanoTime);
    }

    /** {@link #warmUp(float[], int, Duration)} timed by {@code clock} (tests give it a clock of their own). */
    boolean warmUp(float[] nchw, int batch, Duration max, LongSupplier clock) {
        if (max == null || max.isNegative()) {
            throw new IllegalArgumentException("Predictor: expected a warm-up limit of zero or more, got " + max);
        }
        checkImages(nchw, batch);
        float[] out = new float[outputSizeFor(batch)];
        long limit = max.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : max.toNanos();
        long start = clock.getAsLong();
        predictInto(nchw, 0, batch, out, 0);
        long now = clock.getAsLong(), best = now - start;
        int settled = 0;
        while (settled < SETTLED_WINDOWS) {
            long windowBest = Long.MAX_VALUE, windowEnd = now + WINDOW_NANOS;
            for (int calls = 0; calls < WINDOW_CALLS || now < windowEnd; calls++) {
                if (now - start >= limit) {
                    return false; // a window the limit cut short says nothing
                }
                long before = clock.getAsLong();
                predictInto(nchw, 0, batch, out, 0);
                now = clock.getAsLong();
                windowBest = Math.min(windowBest, now - before);
            }
            settled = windowBest < best * 0.97 ? 0 : settled + 1;
            best = Math.min(best, windowBest);
        }
        return true;
    }

    /**
     * The most timed calls {@link #profile} takes: it keeps every operation's time of every call (45 MB for
     * ResNet-50).
     */
    public static final int MAX_PROFILE_RUNS = 100_000;

    /** Calls per warm-up window, at least. */
    static final int WINDOW_CALLS = 3;
    /** Nanoseconds per warm-up window, at least. */
    static final long WINDOW_NANOS = 250_000_000L;
    /** Windows in a row without a faster call after which the call time has settled. */
    static final int SETTLED_WINDOWS = 4;

    /**
     * Times every operation of the plan: {@code warmups} untimed calls, then {@code runs} calls on the same images
     * in which each operation is timed on its own, with this predictor's parallelism and its threads' buffers,
     * exactly as {@link #predictInto} runs them: where a call gives each thread whole images, every thread runs its
     * images through the plan at once and the times are those of the first share (its images' operations while
     * the other threads run theirs), each operation's work still counted for the whole batch. Call
     * {@link #warmUp} first: the JIT takes seconds to compile the kernels, and the times of earlier calls say more
     * about it than about the layers.
     *
     * @param nchw    {@code batch} images, NCHW, exactly {@code batch·C·H·W} floats; not modified
     * @param batch   the number of images, at least 1
     * @param warmups untimed calls first, at least 0
     * @param runs    timed calls, 1 to {@value #MAX_PROFILE_RUNS}
     * @return per operation its median time over the timed calls, in the plan's order
     * @throws IllegalArgumentException when the array does not hold exactly {@code batch} images of the
     *                                  predictor's shape, or a count is out of range
     */
    public PredictorProfile profile(float[] nchw, int batch, int warmups, int runs) {
        if (warmups < 0 || runs < 1 || runs > MAX_PROFILE_RUNS) {
            throw new IllegalArgumentException("Predictor: expected warmups >= 0 and runs from 1 to "
                    + MAX_PROFILE_RUNS + ", got warmups = " + warmups + ", runs = " + runs);
        }
        checkImages(nchw, batch);
        float[] out = new float[outputSizeFor(batch)];
        Step[] steps = plan.steps();
        long[][] nanos = new long[steps.length][runs];
        long[] totals = new long[runs];
        inShares(nchw, 0, batch, out, 0, (share, arena, images, threads) -> {
            for (int call = 0; call < warmups; call++) {
                runSteps(arena, images, threads);
            }
            for (int call = 0; call < runs; call++) {
                if (share != 0) {
                    runSteps(arena, images, threads);
                    continue;
                }
                long before = System.nanoTime();
                for (int i = 0; i < steps.length; i++) {
                    steps[i].run(arena, images, threads);
                    long after = System.nanoTime();
                    nanos[i][call] = after - before;
                    totals[call] += after - before;
                    before = after;
                }
            }
        });
        List<PredictorProfile.Operation> operations = new ArrayList<>(steps.length);
        for (int i = 0; i < steps.length; i++) {
            operations.add(new PredictorProfile.Operation(steps[i].toString(), medianMillis(nanos[i]),
                    steps[i].multiplyAdds(batch)));
        }
        return new PredictorProfile(batch, parallelism.threadCount(), runs, medianMillis(totals), operations);
    }

    private static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return median / 1e6;
    }

    /**
     * The top {@code k} classes of each row of {@code logits}, with their softmax probabilities, most probable
     * first (equal logits in class order).
     *
     * @param logits N×classes (float32 or float64)
     * @param k      1 ≤ k ≤ classes
     * @return per image, k predictions (unmodifiable)
     * @throws IllegalArgumentException when {@code logits} is not rank 2 or {@code k} is out of range
     */
    public static List<List<Prediction>> topK(Tensor logits, int k) {
        if (logits == null || logits.rank() != 2) {
            throw new IllegalArgumentException("topK: expected N×classes logits (rank 2), got "
                    + (logits == null ? "null" : "rank " + logits.rank() + " with shape "
                    + Arrays.toString(logits.shape())));
        }
        return TopK.of(logits.toFloatArray(), logits.size(0), logits.size(1), k);
    }

    /**
     * {@link #topK(Tensor, int)} on a row-major {@code batch × classes} array (what {@link #predict(float[], int)}
     * returns).
     */
    public static List<List<Prediction>> topK(float[] logits, int classes, int k) {
        if (logits == null || classes < 1 || logits.length % classes != 0) {
            throw new IllegalArgumentException("topK: expected a multiple of classes = " + classes + " logits, got "
                    + (logits == null ? "null" : logits.length));
        }
        return TopK.of(logits, logits.length / classes, classes, k);
    }

    // ------------------------------------------------------------------------------------------------ shape, info

    /** @return the channels of the input images */
    public int inputChannels() {
        return plan.input().channels();
    }

    /** @return the height of the input images */
    public int inputHeight() {
        return plan.input().height();
    }

    /** @return the width of the input images */
    public int inputWidth() {
        return plan.input().width();
    }

    /** @return the shape of one image's output: {classes} for a classifier, {C, H, W} for a feature map */
    public int[] outputShape() {
        Dims d = plan.output();
        return program.outputFlat() ? new int[] {d.size()} : new int[] {d.channels(), d.height(), d.width()};
    }

    /** @return the floats of one image's output */
    public int outputSize() {
        return plan.output().size();
    }

    /** @return the parallelism each call uses */
    public Parallelism parallelism() {
        return parallelism;
    }

    /** @return floats of per-thread scratch one image of batch needs (the arena holds this × its batch) */
    public long scratchPerImage() {
        return plan.scratchPerImage();
    }

    /**
     * Drops the calling thread's buffers (they are allocated again by its next call); called from a virtual
     * thread, drops the buffers that virtual threads share.
     */
    public void releaseScratch() {
        arenas.clear();
    }

    /** @return the arenas (for tests) */
    ArenaPool arenas() {
        return arenas;
    }

    /** @return the compiled plan, one operation per line (layer, algorithm, fused work) */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(program.name()).append(": ").append(plan.input()).append(" -> ")
                .append(Arrays.toString(outputShape())).append(", ").append(plan.steps().length)
                .append(" operations, ").append(plan.slotPerImage().length).append(" buffers (")
                .append(plan.scratchPerImage()).append(" floats per image)\n");
        for (Step st : plan.steps()) {
            s.append("  ").append(st).append('\n');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "Predictor[" + program.name() + ", " + plan.input() + " -> " + Arrays.toString(outputShape()) + ", "
                + parallelism + "]";
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** Checks that {@code nchw} holds exactly {@code batch} images of the predictor's shape. */
    private void checkImages(float[] nchw, int batch) {
        checkBatch(batch);
        if (nchw == null) {
            throw new IllegalArgumentException("Predictor: expected an array of " + describeInput(batch)
                    + ", got null");
        }
        long need = (long) batch * plan.input().size();
        if (nchw.length != need) {
            throw new IllegalArgumentException("Predictor: expected " + describeInput(batch) + " = " + need
                    + " floats, got " + nchw.length);
        }
    }

    private void checkImages(Tensor images) {
        if (images == null) {
            throw new IllegalArgumentException("Predictor: expected images N×" + plan.input() + ", got null");
        }
        int[] shape = images.shape();
        Dims in = plan.input();
        if (shape.length != 4) {
            throw new IllegalArgumentException("Predictor: expected images of rank 4 (N×" + in + "), got rank "
                    + shape.length + " with shape " + Arrays.toString(shape));
        }
        if (shape[1] != in.channels()) {
            throw new IllegalArgumentException("Predictor: expected images with " + in.channels() + " channels (N×"
                    + in + "), got " + shape[1] + " channels in shape " + Arrays.toString(shape));
        }
        if (shape[2] != in.height() || shape[3] != in.width()) {
            throw new IllegalArgumentException("Predictor: expected " + in.height() + "×" + in.width()
                    + " images (the size this predictor is prepared for; withInputSize(height, width) gives one"
                    + " for another size), got " + shape[2] + "×" + shape[3] + " in shape "
                    + Arrays.toString(shape));
        }
        if (shape[0] < 1) {
            throw new IllegalArgumentException("Predictor: expected at least one image, got shape "
                    + Arrays.toString(shape));
        }
    }

    private static void checkBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("Predictor: expected a batch of at least one image, got " + batch);
        }
    }

    private static void checkRange(String name, float[] a, int off, long size, String what) {
        if (a == null) {
            throw new IllegalArgumentException("Predictor: expected an array '" + name + "' for " + what
                    + ", got null");
        }
        if (off < 0 || off + size > a.length) {
            throw new IllegalArgumentException("Predictor: '" + name + "' must hold " + what + " = " + size
                    + " floats from offset " + off + ", but its length is " + a.length);
        }
    }

    private String describeInput(int batch) {
        return batch + (batch == 1 ? " image of " : " images of ") + plan.input();
    }

    private int outputSizeFor(int batch) {
        long n = (long) batch * plan.output().size();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Predictor: the output of " + batch + " images would have " + n
                    + " floats, more than an array holds; split the batch");
        }
        return (int) n;
    }

    private int[] outputShape(int batch) {
        int[] per = outputShape();
        int[] shape = new int[per.length + 1];
        shape[0] = batch;
        System.arraycopy(per, 0, shape, 1, per.length);
        return shape;
    }
}
