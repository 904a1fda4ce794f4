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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    @Test
    void multistepScheduleDropsTheRateAtTheMilestoneEpochs() throws Exception {
        // 256 images in batches of 64: 4 batches an epoch; the warm-up (2 batches) starts at 0.1 x lr
        Path out = tmp.resolve("multistep");
        Run r = run("train", "--epochs", "3", "--train-size", "256", "--test-size", "64", "--width", "4", "--depth",
                "8", "--seed", "7", "--lr", "0.05", "--schedule", "multistep", "--milestones", "2", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("(multistep x0.1 at epochs 2)"), r.out());
        History h = History.read(out.resolve("history.json"));
        assertEquals("multistep", h.settings().get("schedule"));
        assertEquals("2", h.settings().get("milestones"));
        assertEquals("none", h.settings().get("patience"));
        assertEquals("3", h.settings().get("weightsEpoch"));
        // the rate at the start of each epoch: warm-up start, the peak after the warm-up, x0.1 from epoch 2 (0-based)
        assertEpochRates(h, 0.005, 0.05, 0.005);
        assertFalse(h.stoppedEarly());

        // without --milestones: half and three quarters of the run (4 epochs: 2 and 3)
        Path defaults = tmp.resolve("multistep-defaults");
        Run d = run("train", "--epochs", "4", "--train-size", "128", "--test-size", "64", "--width", "4", "--depth",
                "8", "--seed", "7", "--lr", "0.05", "--batch", "64", "--schedule", "multistep", "--out",
                defaults.toString());
        assertEquals(0, d.exitCode(), d.err());
        History hd = History.read(defaults.resolve("history.json"));
        assertEquals("2,3", hd.settings().get("milestones"));
        // 2 batches an epoch, a 1-batch warm-up: epoch 1 starts at 0.1 x lr; x0.1 from epoch 3, x0.01 from epoch 4
        assertEpochRates(hd, 0.005, 0.05, 0.005, 0.0005);
    }

    /** The history's learning rate at the start of each epoch is {@code expected}, epoch by epoch. */
    private static void assertEpochRates(History h, double... expected) {
        assertEquals(expected.length, h.lr().size(), h.lr().toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], h.lr().get(i), 1e-12, "epoch " + (i + 1) + " of " + h.lr());
        }
    }

    @Test
    void badMilestonesAndPatienceGiveClearErrors() {
        // each: the message, then the options after train --epochs 4
        String[][] cases = {
            {"--milestones: expected strictly increasing epochs, got 3,2", "--schedule", "multistep", "--milestones",
                "3,2"},
            {"--milestones: expected strictly increasing epochs, got 2,2", "--schedule", "multistep", "--milestones",
                "2,2"},
            {"--milestones: expected epochs in 1..3 (--epochs 4), got 0 in 0,2", "--schedule", "multistep",
                "--milestones", "0,2"},
            {"--milestones: expected epochs in 1..3 (--epochs 4), got 4 in 2,4", "--schedule", "multistep",
                "--milestones", "2,4"},
            {"--milestones: expected only with --schedule multistep, got --schedule cosine", "--milestones", "2"},
            {"--milestones: expected only with --schedule multistep, got --schedule step", "--schedule", "step",
                "--milestones", "2"},
            {"'--milestones'", "--schedule", "multistep", "--milestones", "two"},
            {"--patience: expected at least 1 epoch, got 0", "--patience", "0"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("train", "--epochs", "4"));
            args.addAll(List.of(c).subList(1, c.length));
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), args + ": " + r.out() + r.err());
            assertTrue(r.err().contains(c[0]), args + ": " + r.err());
        }
        Run oneEpoch = run("train", "--epochs", "1", "--schedule", "multistep");
        assertEquals(2, oneEpoch.exitCode(), oneEpoch.out());
        assertTrue(oneEpoch.err().contains("--schedule multistep: expected --epochs of at least 2"), oneEpoch.err());
    }

    @Test
    void patienceStopsOnAPlateauAndSavesTheBestEpoch() throws Exception {
        // at a rate of 1e-9 the weights stay as initialised and only batch norm's running statistics move; for seed
        // 12 they raise the held-out loss every epoch (2.353, 2.367, 2.387, ...): patience 1 stops after epoch 2
        Path out = tmp.resolve("patience");
        Run r = run("train", "--epochs", "5", "--train-size", "256", "--test-size", "64", "--width", "4", "--depth",
                "8", "--seed", "12", "--lr", "1e-9", "--schedule", "constant", "--patience", "1", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Stopped early after epoch 2 of 5: the held-out loss had not improved for 1"
                + " epoch; kept the weights of epoch 1"), r.out());
        History h = History.read(out.resolve("history.json"));
        assertEquals(2, h.heldOutLoss().size());
        assertTrue(h.stoppedEarly());
        assertEquals(1, h.bestEpoch());
        assertTrue(h.heldOutLoss().get(1) >= h.heldOutLoss().get(0), h.heldOutLoss().toString());
        assertEquals("1", h.settings().get("patience"));
        assertEquals("1", h.settings().get("bestEpoch"));
        assertEquals("1", h.settings().get("weightsEpoch"));

        // the checkpoint holds epoch 1's weights: eval finds the figures train reported for them
        Run eval = run("eval", "--checkpoint", out.resolve("model.safetensors").toString(), "--train-size", "256",
                "--test-size", "64");
        assertEquals(0, eval.exitCode(), eval.err());
        String figures = eval.out().substring("Accuracy ".length(), eval.out().indexOf(" on 64 images"));
        assertTrue(r.out().contains("Held-out accuracy " + figures + " on 64 images after 2 epochs (the weights of"
                + " epoch 1)"), "eval: " + figures + ", train: " + r.out());
        assertTrue(figures.contains(String.format(Locale.ROOT, "(loss %.4f)", h.heldOutLoss().get(0))),
                figures + " vs " + h.heldOutLoss());
    }

    /** What a test reads back from history.json. */
    private record History(Map<String, String> settings, List<Double> lr, List<Double> heldOutLoss, int bestEpoch,
            boolean stoppedEarly) {
        static History read(Path file) throws Exception {
            Map<String, String> settings = new LinkedHashMap<>();
            List<Double> lr = new ArrayList<>();
            List<Double> heldOutLoss = new ArrayList<>();
            int bestEpoch = -1;
            boolean stoppedEarly = false;
            try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
                String section = null;
                String field = null;
                int depth = 0;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    switch (t) {
                        case START_OBJECT, START_ARRAY -> {
                            if (depth == 1) {
                                section = field;
                            }
                            depth++;
                        }
                        case END_OBJECT, END_ARRAY -> depth--;
                        case FIELD_NAME -> field = p.currentName();
                        default -> {
                            if (depth == 2 && "settings".equals(section)) {
                                settings.put(field, p.getText());
                            } else if (depth == 3 && "epochs".equals(section) && "lr".equals(field)) {
                                lr.add(p.getDoubleValue());
                            } else if (depth == 3 && "epochs".equals(section) && "heldOutLoss".equals(field)) {
                                heldOutLoss.add(p.getDoubleValue());
                            } else if (depth == 1 && "bestEpoch".equals(field)) {
                                bestEpoch = p.getIntValue();
                            } else if (depth == 1 && "stoppedEarly".equals(field)) {
                                stoppedEarly = p.getBooleanValue();
                            }
                        }
                    }
                }
            }
            return new History(settings, lr, heldOutLoss, bestEpoch, stoppedEarly);
        }
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
