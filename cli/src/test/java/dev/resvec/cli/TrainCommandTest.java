package dev.resvec.cli;

import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.resvec.core.DType;
import dev.resvec.nn.io.SafeTensors;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains a tiny model once through {@code resvec train}, then checks its outputs, eval, predict and the errors. */
class TrainCommandTest {

    @TempDir
    static Path tmp;

    static Path runDir;
    static Run trained;

    @BeforeAll
    static void train() {
        runDir = tmp.resolve("run");
        trained = run("train", "--epochs", "2", "--train-size", "256", "--test-size", "64", "--width", "4",
                "--depth", "8", "--seed", "7", "--out", runDir.toString());
    }

    @Test
    void trainWritesCheckpointChartAndHistory() throws Exception {
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(trained.out().contains("Held-out accuracy"), trained.out());
        assertTrue(trained.out().contains(runDir.toString()), trained.out());

        Path ckpt = runDir.resolve("model.safetensors");
        Map<String, String> meta = SafeTensors.readMetadata(ckpt);
        assertEquals("resnet", meta.get("model"));
        assertEquals("8", meta.get("depth"));
        assertEquals("10", meta.get("classes"));
        assertEquals("false", meta.get("preActivation"));
        assertEquals(10, meta.get("classNames").split("\n").length);
        ResNet fresh = ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(4).seed(99));
        assertTrue(fresh.loadStateDict(SafeTensors.read(ckpt, DType.FLOAT32), true).isExact());

        BufferedImage png = ImageIO.read(runDir.resolve("history.png").toFile());
        assertNotNull(png);
        assertEquals(HistoryChart.WIDTH, png.getWidth());
        assertEquals(HistoryChart.HEIGHT, png.getHeight());

        List<Double> heldOutAccuracy = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(runDir.resolve("history.json").toFile())) {
            String field = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if (t.isNumeric() && "heldOutAccuracy".equals(field)) {
                    heldOutAccuracy.add(p.getDoubleValue());
                }
            }
        }
        assertEquals(2, heldOutAccuracy.size());
        for (double a : heldOutAccuracy) {
            assertTrue(a >= 0 && a <= 1, "accuracy " + a);
        }
    }

    @Test
    void evalReportsAccuracy() {
        Run r = run("eval", "--checkpoint", runDir.resolve("model.safetensors").toString(), "--train-size", "256",
                "--test-size", "64");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s)Accuracy [0-9.]+% \\(loss [0-9.]+\\) on 64 images.*"), r.out());
        // train reports the held-out figures of its last epoch: those of the saved weights, as eval finds them
        String figures = r.out().substring("Accuracy ".length(), r.out().indexOf(" on 64 images"));
        assertTrue(trained.out().contains("Held-out accuracy " + figures + " on 64 images"),
                "eval: " + figures + ", train: " + trained.out());
    }

    @Test
    void noCommandRunsTheMainJobTrain() {
        assertEquals("train", Main.MAIN_JOB);
        assertTrue(Main.commandLine().getSubcommands().containsKey(Main.MAIN_JOB));
        Run help = run("--help");
        assertTrue(help.out().contains("With no command, runs 'resvec train'"), help.out());
    }

    @Test
    void predictGivesTopKAsTextAndJson() throws Exception {
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        image(a, 32, Color.RED);
        image(b, 48, Color.BLUE);
        String ckpt = runDir.resolve("model.safetensors").toString();
        Run text = run("predict", "--checkpoint", ckpt, "--top", "2", a.toString(), b.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains(a + ":") && text.out().contains(b + ":"), text.out());
        assertEquals(4, text.out().lines().filter(l -> l.endsWith("%")).count(), text.out());

        Run json = run("predict", "--checkpoint", ckpt, "--top", "3", "--json", a.toString());
        assertEquals(0, json.exitCode(), json.err());
        int labels = 0;
        double sum = 0;
        try (JsonParser p = new JsonFactory().createParser(json.out())) {
            String field = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if ("label".equals(field) && t == JsonToken.VALUE_STRING) {
                    labels++;
                } else if ("probability".equals(field) && t.isNumeric()) {
                    sum += p.getDoubleValue();
                }
            }
        }
        assertEquals(3, labels);
        assertTrue(sum > 0 && sum <= 1 + 1e-5, "probabilities sum " + sum);
    }

    @Test
    void badOptionsGiveClearErrors() throws Exception {
        Run depth = run("train", "--depth", "9");
        assertEquals(2, depth.exitCode());
        assertTrue(depth.err().contains("--depth: expected 6n + 2"), depth.err());

        Run model = run("train", "--model", "vgg");
        assertEquals(2, model.exitCode());
        assertTrue(model.err().contains("--model"), model.err());

        Run noData = run("train", "--dataset", "cifar10");
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("--dataset cifar10 needs --data DIR"), noData.err());

        Path missing = tmp.resolve("nope.safetensors");
        Run eval = run("eval", "--checkpoint", missing.toString());
        assertEquals(1, eval.exitCode());
        assertTrue(eval.err().contains(missing.toString()), eval.err());

        Path junk = tmp.resolve("junk.safetensors");
        Files.write(junk, new byte[] {1, 2, 3});
        Run bad = run("predict", "--checkpoint", junk.toString(), tmp.resolve("a.png").toString());
        assertEquals(1, bad.exitCode());
        assertFalse(bad.err().isBlank());

        Path notImage = tmp.resolve("text.png");
        Files.writeString(notImage, "not an image");
        Run img = run("predict", "--checkpoint", runDir.resolve("model.safetensors").toString(),
                notImage.toString());
        assertEquals(1, img.exitCode());
        assertTrue(img.err().contains("text.png"), img.err());

        Run info = run("info");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("Kernels:") && info.out().contains("CPU:"), info.out());
    }

    @Test
    void trainsPreActivationOnAnImageFolder() throws Exception {
        Path folder = tmp.resolve("folder");
        Color[] colors = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW, Color.MAGENTA};
        for (String cls : List.of("reds", "blues")) {
            Files.createDirectories(folder.resolve(cls));
            for (int i = 0; i < 10; i++) {
                image(folder.resolve(cls).resolve(i + ".png"), 20 + i, cls.equals("reds") ? Color.RED
                        : colors[i % colors.length]);
            }
        }
        Path out = tmp.resolve("preact");
        Run r = run("train", "--model", "preact", "--depth", "8", "--width", "2", "--epochs", "1", "--batch", "8",
                "--dataset", "folder", "--data", folder.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Path ckpt = out.resolve("model.safetensors");
        Map<String, String> meta = SafeTensors.readMetadata(ckpt);
        assertEquals("preact", meta.get("model"));
        assertEquals("true", meta.get("preActivation"));
        assertEquals("2", meta.get("classes"));
        assertEquals(List.of("blues", "reds"), List.of(meta.get("classNames").split("\n")));
        ResNet fresh = ResNets.cifarResNet(8, 2, ResNetOptions.defaults().baseWidth(2).preActivation(true));
        assertTrue(fresh.loadStateDict(SafeTensors.read(ckpt, DType.FLOAT32), true).isExact());

        Run eval = run("eval", "--checkpoint", ckpt.toString(), "--dataset", "folder", "--data", folder.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().startsWith("Accuracy "), eval.out());
    }

    private static void image(Path file, int size, Color color) throws Exception {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(color);
        g.fillOval(size / 4, size / 4, size / 2, size / 2);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
