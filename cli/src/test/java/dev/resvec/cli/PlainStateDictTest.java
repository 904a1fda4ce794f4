package dev.resvec.cli;

import static dev.resvec.cli.PlainStateDicts.CLASSES;
import static dev.resvec.cli.PlainStateDicts.imagenetInput;
import static dev.resvec.cli.PlainStateDicts.input;
import static dev.resvec.cli.PlainStateDicts.model;
import static dev.resvec.cli.PlainStateDicts.parseJson;
import static dev.resvec.cli.PlainStateDicts.probabilities;
import static dev.resvec.cli.PlainStateDicts.writeImage;
import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.cli.PlainStateDicts.Shown;
import dev.resvec.nn.data.Dataset;
import dev.resvec.nn.data.Datasets;
import dev.resvec.nn.data.ImageFolder;
import dev.resvec.nn.predict.Prediction;
import dev.resvec.nn.predict.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code resvec predict} and {@code resvec eval} on plain state dicts without ResVec metadata, as PyTorch's
 * {@code safetensors.torch.save_file(model.state_dict(), ...)} writes them: the committed torchvision fixtures of
 * {@code nn}, re-written without metadata ({@link PlainStateDicts}).
 *
 * <p>The expected outputs are derived in the test without the command's preprocessing path ({@link PlainStateDicts}):
 * the image is read at the resize side 256, its centre 224² cut out by hand, and normalised with ImageNet's mean and
 * std written out there; the model is built with the fixture's known width (not inferred) and run through
 * {@link Predictor}.
 */
class PlainStateDictTest {
    @TempDir
    static Path tmp;

    static Path image;
    /** The same kind of image upright (240×300), for the other branch of the resize. */
    static Path portrait;

    @BeforeAll
    static void writeImages() throws IOException {
        image = writeImage(tmp, "photo.png", 300, 240);
        portrait = writeImage(tmp, "portrait.png", 240, 300);
    }

    private static Path plainStateDict(String fixture, Map<String, String> metadata) throws IOException {
        return PlainStateDicts.plainStateDict(tmp, fixture, metadata);
    }

    @ParameterizedTest(name = "{0} as --arch {1}")
    @CsvSource({"resnet18_w4.safetensors, resnet18, 18, 4", "resnet50_w2.safetensors, resnet50, 50, 2"})
    void predictGivesThePredictorsTopKForTheTorchvisionPreprocessedImage(String fixture, String arch, int depth,
            int width) throws IOException {
        // the first without any metadata on a landscape image, the second with what PyTorch tools may write
        // ("format": "pt") on a portrait one
        Map<String, String> metadata = depth == 18 ? Map.of() : Map.of("format", "pt");
        Path img = depth == 18 ? image : portrait;
        Path file = plainStateDict(fixture, metadata);
        float[] expected = probabilities(model(fixture, depth, width), imagenetInput(img));
        List<Prediction> top = Predictor.topK(expected, CLASSES, CLASSES).get(0); // the order of the probabilities

        Run r = run("predict", "--checkpoint", file.toString(), "--arch", arch, "--top", "10", "--json",
                img.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<Shown> shown = parseJson(r.out());
        assertEquals(CLASSES, shown.size(), r.out());
        for (int i = 0; i < CLASSES; i++) {
            Shown s = shown.get(i);
            assertEquals(top.get(i).classIndex(), s.index(), "rank " + i + ": " + r.out());
            assertEquals(expected[s.index()], s.probability(), 0f, "class " + s.index() + ": " + r.out());
            assertEquals("class" + s.index(), s.label(), "default names class0..class9");
        }
        assertTrue(expected[top.get(0).classIndex()] > 2 * expected[top.get(CLASSES - 1).classIndex()],
                "a non-trivial distribution: " + r.out());
    }

    @Test
    void labelsNameTheClassesAndTheTextOutputShowsTheTopThree() throws IOException {
        Path file = plainStateDict("resnet18_w4.safetensors", Map.of());
        List<String> names = List.of("tench", "goldfish", "great white shark", "tiger shark", "hammerhead",
                "electric ray", "stingray", "cock", "hen", "ostrich");
        Path labels = Files.writeString(tmp.resolve("labels.txt"), String.join("\n", names) + "\n\n");
        float[] expected = probabilities(model("resnet18_w4.safetensors", 18, 4), imagenetInput(image));
        List<Prediction> top = Predictor.topK(expected, CLASSES, 3).get(0); // the order only: these are softmaxed

        Run r = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--labels", labels.toString(),
                image.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        for (int i = 0; i < 3; i++) {
            Prediction p = top.get(i);
            String line = String.format(Locale.ROOT, "  %-20s %6.2f%%", names.get(p.classIndex()),
                    100.0 * expected[p.classIndex()]);
            assertEquals(line, lines.get(i + 1), r.out());
        }
    }

    @Test
    void imageSizeMeanAndStdReplaceTheDefaults() throws IOException {
        Path file = plainStateDict("resnet18_w4.safetensors", Map.of());
        float[] mean = {0.5f, 0.4f, 0.3f};
        float[] std = {0.2f, 0.3f, 0.25f};
        // --image-size 112: the shorter side resized to 112·256/224 = 128, the centre 112² cut out
        float[] expected = probabilities(model("resnet18_w4.safetensors", 18, 4),
                input(portrait, 128, 112, mean, std), 112);
        Run r = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--image-size", "112",
                "--mean", "0.5,0.4,0.3", "--std", "0.2, 0.3, 0.25", "--top", "10", "--json", portrait.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<Shown> shown = parseJson(r.out());
        assertEquals(CLASSES, shown.size(), r.out());
        for (Shown s : shown) {
            assertEquals(expected[s.index()], s.probability(), 0f, "class " + s.index() + ": " + r.out());
        }

        Run bad = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--std", "0.2,0,0.2",
                portrait.toString());
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--std: expected 3 comma-separated positive numbers (R,G,B), got '0.2,0,0.2'"),
                bad.err());
    }

    @Test
    void aStateDictWithoutArchAsksForItAndListsTheChoices() throws IOException {
        Path file = plainStateDict("resnet18_w4.safetensors", Map.of());
        Run r = run("predict", "--checkpoint", file.toString(), image.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--arch is needed: " + file + " has no resvec train metadata"), r.err());
        assertTrue(r.err().contains("resnet18, resnet34, resnet50, resnet101, resnet152"), r.err());
        assertTrue(r.err().contains("cifar-resnetD"), r.err());

        Run bad = run("predict", "--checkpoint", file.toString(), "--arch", "vgg16", image.toString());
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--arch: expected one of resnet18, resnet34"), bad.err());
        assertTrue(bad.err().contains("got 'vgg16'"), bad.err());
    }

    @Test
    void aStateDictOfAnotherArchitectureListsTheKeysThatDoNotFit() throws IOException {
        Path file = plainStateDict("resnet18_w4.safetensors", Map.of());
        Run r = run("predict", "--checkpoint", file.toString(), "--arch", "resnet50", image.toString());
        assertEquals(1, r.exitCode(), r.err());
        String err = r.err();
        assertTrue(err.contains("resvec: error: " + file + ": the weights do not fit --arch resnet50 (width 4"
                + " from conv1.weight, 10 classes from fc.weight)"), err);
        assertTrue(err.contains("missing keys: layer1.0.conv3.weight"), err);
        assertTrue(err.contains("mis-shaped keys: "), err);
        assertTrue(err.contains("layer1.0.conv1.weight: expected [4, 4, 1, 1], got [4, 4, 3, 3]"), err);
        assertTrue(err.contains("… and "), "the long lists are cut: " + err);

        Run cifar = run("predict", "--checkpoint", file.toString(), "--arch", "cifar-resnet20", image.toString());
        assertEquals(1, cifar.exitCode(), cifar.err());
        assertTrue(cifar.err().contains("conv1.weight: expected [4, 3, 3, 3], got [4, 3, 7, 7]"), cifar.err());
        assertTrue(cifar.err().contains("unexpected keys: bn1.num_batches_tracked") || cifar.err()
                .contains("unexpected keys: layer4."), cifar.err());
    }

    @Test
    void labelsMustHaveOneNamePerRowOfFc() throws IOException {
        Path file = plainStateDict("resnet18_w4.safetensors", Map.of());
        Path three = Files.writeString(tmp.resolve("three.txt"), "cat\ndog\nbird\n");
        Run r = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--labels", three.toString(),
                image.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--labels " + three + ": 3 class names, but fc.weight of " + file
                + " has 10 rows"), r.err());

        Path blank = Files.writeString(tmp.resolve("blank.txt"), "a\n\nb\n");
        Run b = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--labels", blank.toString(),
                image.toString());
        assertEquals(2, b.exitCode(), b.err());
        assertTrue(b.err().contains("line 2 is blank"), b.err());
    }

    @Test
    void aResVecCheckpointKeepsItsMetadataAndChecksArch() throws IOException {
        Path ckpt = CheckpointFixtures.write(tmp.resolve("resvec.safetensors"), CheckpointFixtures.spec(32),
                Map.of());
        Run plain = run("predict", "--checkpoint", ckpt.toString(), "--json", image.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        Run same = run("predict", "--checkpoint", ckpt.toString(), "--arch", "cifar-resnet8", "--json",
                image.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertEquals(plain.out(), same.out());
        assertTrue(plain.out().contains("\"label\" : \"" + CheckpointFixtures.NAMES.get(
                parseJson(plain.out()).get(0).index()) + "\""), "the metadata's names: " + plain.out());

        Run other = run("predict", "--checkpoint", ckpt.toString(), "--arch", "resnet18", image.toString());
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.err().contains("--arch resnet18: " + ckpt + " is a resvec train checkpoint of"
                + " cifar-resnet8"), other.err());

        Path labels = Files.writeString(tmp.resolve("ten.txt"), String.join("\n", CheckpointFixtures.NAMES));
        Run withLabels = run("predict", "--checkpoint", ckpt.toString(), "--labels", labels.toString(),
                image.toString());
        assertEquals(2, withLabels.exitCode(), withLabels.err());
        assertTrue(withLabels.err().contains("--labels: " + ckpt + " is a resvec train checkpoint, whose metadata"
                + " sets the class names"), withLabels.err());
    }

    /**
     * eval --dataset folder: ten class folders holding the same image, so that every image has the probabilities
     * the predictor gives; the held-out one (the folder split's 10 %, asked for: a plain state dict scores every
     * image by default, {@link EvalSplitTest}) is found with the split itself.
     */
    @Test
    void evalOnAFolderUsesTheImagenetPreprocessingAndTheFoldersOrder() throws IOException {
        Path file = plainStateDict("resnet18_w4.safetensors", Map.of());
        Path data = tmp.resolve("folder");
        List<String> classes = IntStream.range(0, CLASSES).mapToObj(i -> "c" + i).toList();
        for (String c : classes) {
            Files.copy(image, Files.createDirectories(data.resolve(c)).resolve("x.png"));
        }
        float[] p = probabilities(model("resnet18_w4.safetensors", 18, 4), imagenetInput(image));
        Dataset heldOut = Datasets.split(ImageFolder.load(data, 8), 0.1, 0).heldOut();
        assertEquals(1, heldOut.size());
        int label = heldOut.get(0, new float[heldOut.imageElements()], 0);
        int argmax = Predictor.topK(p, CLASSES, 1).get(0).get(0).classIndex();

        Run r = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--dataset", "folder", "--data",
                data.toString(), "--split", "held-out");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().strip().endsWith(" on 1 images of folder " + data + " (its held-out 10% split,"
                + " --data-seed 0)"), r.out());
        Matcher m = Pattern.compile("Accuracy ([0-9.]+)% \\(loss ([0-9.]+)\\) on 1 images").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(label == argmax ? 100.0 : 0.0, Double.parseDouble(m.group(1)), 0.0, r.out());
        assertEquals(-Math.log(p[label]), Double.parseDouble(m.group(2)), 2e-4, "label " + label + ": " + r.out());

        Path nine = Files.writeString(tmp.resolve("nine.txt"), String.join("\n", classes.subList(0, 9)));
        Run short9 = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--labels", nine.toString(),
                "--dataset", "folder", "--data", data.toString());
        assertEquals(2, short9.exitCode(), short9.err());
        assertTrue(short9.err().contains("9 class names, but fc.weight"), short9.err());
    }
}
