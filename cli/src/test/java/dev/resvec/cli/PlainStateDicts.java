package dev.resvec.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.data.Images;
import dev.resvec.nn.io.SafeTensors;
import dev.resvec.nn.predict.Prediction;
import dev.resvec.nn.predict.Predictor;
import dev.resvec.nn.predict.PredictorOptions;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The torchvision fixtures of {@code nn} (resnet18 at width 4, resnet50 at width 2, 10 classes) as plain state dicts
 * without ResVec metadata, as PyTorch's {@code safetensors.torch.save_file(model.state_dict(), ...)} writes them,
 * and the expected outputs derived without the commands' preprocessing path: the image read at the resize side
 * (shorter side to it, centre square cut out, the pre-existing {@code Images.read(file, size)}), the centre crop cut
 * out by hand, normalised with the mean and std written out here, run through {@link Predictor}.
 */
final class PlainStateDicts {
    /** The torchvision fixtures of nn (surefire runs in the module directory). */
    static final Path FIXTURES = Path.of("..", "nn", "src", "test", "resources", "fixtures", "torchvision");
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};
    static final int CLASSES = 10;

    private PlainStateDicts() {}

    /** Writes an image of smooth gradients and noise, so that resizing and cropping matter to the logits. */
    static Path writeImage(Path dir, String name, int w, int h) throws IOException {
        Path file = dir.resolve(name);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rng = new SplittableRandom(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / (w - 1) + rng.nextInt(40)) & 0xFF;
                int g = (y * 255 / (h - 1) + rng.nextInt(40)) & 0xFF;
                int b = ((x + y) % 64 < 32 ? 200 : 30) + rng.nextInt(20);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /**
     * Re-writes a committed fixture into {@code dir} with the library's safetensors writer and the given metadata
     * (none, or what a PyTorch tool may add).
     */
    static Path plainStateDict(Path dir, String fixture, Map<String, String> metadata) throws IOException {
        Path src = FIXTURES.resolve(fixture);
        assertTrue(Files.isRegularFile(src), "fixture not found: " + src.toAbsolutePath());
        Map<String, Tensor> state = SafeTensors.read(src, DType.FLOAT32);
        Path file = dir.resolve("plain-" + metadata.size() + "-" + fixture);
        SafeTensors.write(file, state, metadata, SafeTensors.pytorchDTypes(state));
        assertFalse(SafeTensors.readMetadata(file).containsKey("model"), "no ResVec metadata");
        return file;
    }

    /** @return the fixture's model with its weights, built at its known width */
    static ResNet model(String fixture, int depth, int width) throws IOException {
        ResNet model = ResNets.resnet(depth, CLASSES, ResNetOptions.defaults().baseWidth(width));
        model.loadStateDict(SafeTensors.read(FIXTURES.resolve(fixture), DType.FLOAT32), true);
        model.eval();
        return model;
    }

    /** @return torchvision's Resize(256) + CenterCrop(224) + Normalize(ImageNet) of the image, derived apart */
    static float[] imagenetInput(Path file) throws IOException {
        return input(file, 256, 224, MEAN, STD);
    }

    /**
     * @return Resize(resize) + CenterCrop(size) + Normalize(mean, std) of the image: read at {@code resize} (its
     * centre {@code resize²}), then the centre {@code size²} of that cut out here ({@code resize - size} even)
     */
    static float[] input(Path file, int resize, int size, float[] mean, float[] std) throws IOException {
        float[] r = Images.read(file, resize);
        int off = (resize - size) / 2;
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = r[c * resize * resize + (y + off) * resize + x + off];
                    out[c * size * size + y * size + x] = (v - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    /** @return the softmax of the model's logits for one 224×224 input, by class */
    static float[] probabilities(ResNet model, float[] input) {
        return probabilities(model, input, 224);
    }

    /** @return the softmax of the model's logits for one {@code size × size} input, by class */
    static float[] probabilities(ResNet model, float[] input, int size) {
        float[] logits = Predictor.of(model, PredictorOptions.defaults().inputSize(size, size)).predict(input, 1);
        List<Prediction> all = Predictor.topK(logits, CLASSES, CLASSES).get(0);
        float[] p = new float[CLASSES];
        for (Prediction q : all) {
            p[q.classIndex()] = q.probability();
        }
        return p;
    }

    /** One class of predict's JSON output. */
    record Shown(String label, int index, float probability) {}

    /** @return the classes of predict's JSON output, in order */
    static List<Shown> parseJson(String json) throws IOException {
        List<Shown> shown = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String label = null;
            int index = -1;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "label" -> label = p.getText();
                    case "index" -> index = p.getIntValue();
                    case "probability" -> shown.add(new Shown(label, index, Float.parseFloat(p.getText())));
                    default -> { }
                }
            }
        }
        return shown;
    }
}
