package dev.resvec.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.resvec.kernels.Kernels;
import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.Predictor;
import dev.resvec.nn.predict.PredictorOptions;
import dev.resvec.nn.predict.PredictorProfile;
import dev.resvec.nn.resnet.ResNet;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resvec profile}: where an inference call's time goes, layer by layer ({@link Predictor#profile}), for a
 * named architecture with seeded random weights (the kernels' speed does not depend on the weights' values).
 */
@Command(name = "profile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Times an inference call of a ResNet layer by layer on this machine, as the Predictor runs it (batch"
                    + " norm folded, filters prepared, ReLU and residual adds fused): per operation the median"
                    + " time over --runs calls, its share, its GFLOP/s (2·multiply-adds / time) and the algorithm"
                    + " the kernels chose. The weights are seeded random ones: the speed does not depend on them.",
            "",
            "Not JMH: one JVM, System.nanoTime around each operation after a warm-up. The JMH figures beside"
                    + " the peers are in resvec bench (PredictorBenchmark)."},
        footer = {"", "Examples:", "  resvec profile", "  resvec profile --arch resnet18 --batch 8 --threads 1",
            "  resvec profile --arch cifar-resnet20 --json"})
final class ProfileCommand implements Callable<Integer> {
    /** The largest {@code --batch}. */
    static final int MAX_BATCH = 1024;
    /** The most {@code --runs}: what {@link Predictor#profile} takes. */
    static final int MAX_RUNS = Predictor.MAX_PROFILE_RUNS;
    /** The most {@code --classes}. */
    static final int MAX_CLASSES = 100_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", paramLabel = "NAME", defaultValue = "resnet50",
            description = "The architecture: " + Architecture.CHOICES + ". Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--width", paramLabel = "N",
            description = "The stem width (conv1's output channels), 1 to " + CheckpointMetadata.MAX_WIDTH
                    + ". Default: 64 (ImageNet), 16 (CIFAR).")
    Integer width;

    @Option(names = "--classes", paramLabel = "N",
            description = "The rows of fc, 1 to " + MAX_CLASSES + ". Default: 1000 (ImageNet), 10 (CIFAR).")
    Integer classes;

    @Option(names = "--image-size", paramLabel = "N",
            description = "The input side, 1 to " + CheckpointMetadata.MAX_IMAGE_SIZE + ". Default: 224 (ImageNet),"
                    + " 32 (CIFAR).")
    Integer imageSize;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "Images per call, 1 to " + MAX_BATCH + ". Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--threads", paramLabel = "T",
            description = "The threads of each call, at least 1. Default: the kernels' default thread count (resvec"
                    + " info shows it).")
    Integer threads;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "30",
            description = "At most this long: untimed calls (at least one) until the call time stops improving, so"
                    + " that the JIT has compiled the kernels (with every core computing, the compiler threads get"
                    + " little time: a 2-thread ResNet-50 on 2 cores took 5-10 s); 0 to 600. Settling takes at"
                    + " least four windows of a quarter of a second, so 1 s or less always stops first. Default:"
                    + " ${DEFAULT-VALUE} s.")
    double warmupSeconds;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "20",
            description = "Timed calls, 1 to " + MAX_RUNS + ". Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Architecture architecture = Architecture.parse(arch).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "Invalid value for option '--arch': expected one of " + Architecture.CHOICES
                        + ", got '" + arch + "'"));
        validate();
        int w = width != null ? width : architecture.defaultWidth();
        int k = classes != null ? classes : architecture.defaultClasses();
        int size = imageSize != null ? imageSize : architecture.defaultImageSize();
        Parallelism parallelism = threads == null ? Parallelism.defaults() : Parallelism.threads(threads);
        Predictor predictor;
        try {
            ResNet model = architecture.build(w, k);
            model.eval();
            predictor = Predictor.of(model, PredictorOptions.defaults().inputSize(size, size)
                    .parallelism(parallelism));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--arch', '--width',"
                    + " '--classes' or '--image-size': " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // one large weight array failed to allocate: the heap is as it was, and the message can say why
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--width' or '--classes': "
                    + architecture.name() + " at width " + w + " with " + k + " classes does not fit in this JVM's "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB (lower --width, or raise -Xmx, e.g."
                    + " RESVEC_JAVA_OPTS=-Xmx8g)", e);
        }
        long inputFloats = (long) batch * predictor.inputChannels() * size * size;
        long bytes = 4 * (inputFloats + batch * predictor.scratchPerImage());
        if (inputFloats > Integer.MAX_VALUE || bytes > Runtime.getRuntime().maxMemory() * 0.8) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT, "Invalid value for option"
                    + " '--batch': %d images of %s at %d×%d need about %d MiB of input and buffers, but this JVM may"
                    + " use only %d MiB (lower --batch or --image-size, or raise -Xmx, e.g."
                    + " RESVEC_JAVA_OPTS=-Xmx8g)", batch, architecture.name(), size, size, bytes >> 20,
                    Runtime.getRuntime().maxMemory() >> 20));
        }
        float[] images = new float[(int) inputFloats];
        SplittableRandom random = new SplittableRandom(20261204L);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble(-1, 1);
        }
        long warmupStart = System.nanoTime();
        boolean settled = predictor.warmUp(images, batch, Duration.ofNanos((long) (warmupSeconds * 1e9)));
        double warmedUp = (System.nanoTime() - warmupStart) / 1e9;
        PredictorProfile profile = predictor.profile(images, batch, 0, runs);
        PrintWriter pw = spec.commandLine().getOut();
        String described = architecture.name() + (w != architecture.defaultWidth() ? " width " + w : "") + ", " + k
                + " classes, " + size + "×" + size;
        if (json) {
            writeJson(pw, described, profile, warmedUp, settled);
        } else {
            pw.println("ResVec inference profile: " + described + ", batch " + batch + ", "
                    + profile.threads() + " thread" + (profile.threads() == 1 ? "" : "s"));
            pw.println("kernels: " + Kernels.provider().describe());
            pw.printf(Locale.ROOT, "JDK %s, %d processors; %.1f s warm-up%s, then %d timed call%s%n%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmedUp,
                    settled ? "" : " (stopped at --warmup before the call time settled)", runs, runs == 1 ? "" : "s");
            pw.print(profile.toTable());
            pw.println();
            pw.println("GFLOP/s: 2 × the direct convolution's multiply-adds / time, whatever the algorithm computes"
                    + " (a Winograd layer can pass the FMA peak).");
        }
        pw.flush();
        return 0;
    }

    private void validate() {
        check(batch >= 1 && batch <= MAX_BATCH, "--batch", "1 to " + MAX_BATCH, "" + batch);
        check(runs >= 1 && runs <= MAX_RUNS, "--runs", "1 to " + MAX_RUNS, "" + runs);
        check(threads == null || threads >= 1, "--threads", "at least 1", "" + threads);
        check(warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup", "0 to 600 seconds", "" + warmupSeconds);
        check(width == null || width >= 1 && width <= CheckpointMetadata.MAX_WIDTH, "--width",
                "1 to " + CheckpointMetadata.MAX_WIDTH, "" + width);
        check(classes == null || classes >= 1 && classes <= MAX_CLASSES, "--classes", "1 to " + MAX_CLASSES,
                "" + classes);
        check(imageSize == null || imageSize >= 1 && imageSize <= CheckpointMetadata.MAX_IMAGE_SIZE, "--image-size",
                "1 to " + CheckpointMetadata.MAX_IMAGE_SIZE, "" + imageSize);
    }

    private void check(boolean ok, String option, String expected, String got) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': expected "
                    + expected + ", got " + got);
        }
    }

    private void writeJson(Writer out, String model, PredictorProfile profile, double warmupSeconds,
                           boolean settled) throws Exception {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeStringField("kernels", Kernels.provider().describe());
            g.writeStringField("jdk", System.getProperty("java.version"));
            g.writeNumberField("processors", Runtime.getRuntime().availableProcessors());
            g.writeNumberField("warmupSeconds", warmupSeconds);
            g.writeBooleanField("settled", settled);
            g.writeNumberField("batch", profile.batch());
            g.writeNumberField("threads", profile.threads());
            g.writeNumberField("runs", profile.runs());
            g.writeNumberField("totalMillis", profile.totalMillis());
            g.writeNumberField("multiplyAdds", profile.multiplyAdds());
            g.writeArrayFieldStart("operations");
            for (PredictorProfile.Operation o : profile.operations()) {
                g.writeStartObject();
                g.writeStringField("name", o.name());
                g.writeNumberField("millis", o.millis());
                g.writeNumberField("multiplyAdds", o.multiplyAdds());
                g.writeNumberField("gflops", o.gflops());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write(System.lineSeparator());
    }
}
