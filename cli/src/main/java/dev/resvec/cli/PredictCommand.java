package dev.resvec.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.resvec.nn.data.Images;
import dev.resvec.nn.data.Normalize;
import dev.resvec.nn.predict.Prediction;
import dev.resvec.nn.predict.Predictor;
import dev.resvec.nn.predict.PredictorOptions;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code resvec predict}: the top-k classes of image files under a checkpoint of {@code resvec train}, or under a
 * plain state dict (such as torchvision's, saved from PyTorch) whose architecture {@code --arch} names.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Prints the top-k labels with their probabilities for each image (PNG, JPEG, ... resized to"
                + " the model's input size and centre-cropped), as text or JSON. The model is a checkpoint of resvec"
                + " train, or a plain state dict (e.g. torchvision's resnet50 saved from PyTorch) with --arch.")
final class PredictCommand implements Callable<Integer> {
    /** The default of {@code --top}, cut to the class count when the checkpoint has fewer classes. */
    static final int DEFAULT_TOP = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--top", paramLabel = "K", defaultValue = "" + DEFAULT_TOP,
            description = "The classes to show per image, 1 to the checkpoint's class count (a larger K is an"
                    + " error, as in torch.topk). Default: ${DEFAULT-VALUE}, or every class when there are fewer.")
    int top;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--top: expected at least 1, got " + top);
        }
        for (Path p : images) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null, "image not found");
            }
        }
        ModelOptions.Served loaded = modelOptions.load(true);
        List<String> names = loaded.classNames();
        int size = loaded.imageSize();
        int k = top(names.size());
        Predictor predictor = Predictor.of(loaded.model(), PredictorOptions.defaults().inputSize(size, size));
        Normalize normalize = new Normalize(loaded.stats());
        int elements = 3 * size * size;
        float[] input = new float[images.size() * elements];
        for (int i = 0; i < images.size(); i++) {
            float[] img = Images.read(images.get(i), loaded.resize(), size);
            normalize.apply(img, 0, 3, size, size, new SplittableRandom(0));
            System.arraycopy(img, 0, input, i * elements, elements);
        }
        float[] logits = predictor.predict(input, images.size());
        List<List<Prediction>> results = Predictor.topK(logits, names.size(), k);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            writeJson(out, results, names);
        } else {
            for (int i = 0; i < images.size(); i++) {
                out.println(images.get(i) + ":");
                for (Prediction p : results.get(i)) {
                    out.printf(Locale.ROOT, "  %-20s %6.2f%%%n", names.get(p.classIndex()), 100.0 * p.probability());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** @return K: the given {@code --top}, which must not exceed the class count, or the default cut to it */
    private int top(int classes) {
        boolean given = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--top");
        if (given && top > classes) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top: expected at most "
                    + classes + " (the classes of " + modelOptions.checkpoint + "), got " + top);
        }
        return Math.min(top, classes);
    }

    private void writeJson(Writer out, List<List<Prediction>> results, List<String> names) throws Exception {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (int i = 0; i < images.size(); i++) {
                g.writeStartObject();
                g.writeStringField("image", images.get(i).toString());
                g.writeArrayFieldStart("top");
                for (Prediction p : results.get(i)) {
                    g.writeStartObject();
                    g.writeStringField("label", names.get(p.classIndex()));
                    g.writeNumberField("index", p.classIndex());
                    g.writeNumberField("probability", p.probability());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        out.write(System.lineSeparator());
    }
}
