package dev.resvec.cli;

import static dev.resvec.cli.PlainStateDicts.CLASSES;
import static dev.resvec.cli.PlainStateDicts.imagenetInput;
import static dev.resvec.cli.PlainStateDicts.model;
import static dev.resvec.cli.PlainStateDicts.plainStateDict;
import static dev.resvec.cli.PlainStateDicts.probabilities;
import static dev.resvec.cli.PlainStateDicts.writeImage;
import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.nn.data.Datasets;
import dev.resvec.nn.data.ImageFolder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resvec eval --split}: which images of a folder are scored. A plain state dict (never trained on the folder)
 * scores all of them by default, a checkpoint of {@code resvec train} the 10 % its training held out; either can be
 * asked for, and the output says which was scored.
 */
class EvalSplitTest {
    private static final Pattern RESULT = Pattern.compile("Accuracy ([0-9.]+)% \\(loss ([0-9.]+)\\) on (\\d+) images");

    @TempDir
    Path tmp;

    /**
     * Ten class folders holding the same photo: every image has the same probabilities p, so scoring all of them
     * gives accuracy 1/10 (one class is the argmax) and loss mean_c(−log p[c]), which no subset gives.
     */
    @Test
    void aPlainStateDictScoresEveryImageOfTheFolderByDefault() throws IOException {
        Path file = plainStateDict(tmp, "resnet18_w4.safetensors", Map.of());
        Path photo = writeImage(tmp, "photo.png", 300, 240);
        Path data = tmp.resolve("val");
        for (int c = 0; c < CLASSES; c++) {
            Files.copy(photo, Files.createDirectories(data.resolve("n0" + c)).resolve("x.png"));
        }
        float[] p = probabilities(model("resnet18_w4.safetensors", 18, 4), imagenetInput(photo));
        double loss = 0;
        for (float q : p) {
            loss -= Math.log(q) / CLASSES;
        }

        Run r = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--dataset", "folder", "--data",
                data.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = RESULT.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(CLASSES, Integer.parseInt(m.group(3)), r.out());
        assertEquals(100.0 / CLASSES, Double.parseDouble(m.group(1)), 0.0, r.out());
        assertEquals(loss, Double.parseDouble(m.group(2)), 2e-4, r.out());
        assertTrue(r.out().strip().endsWith("of folder " + data + " (all images)"), r.out());

        Run all = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--dataset", "folder", "--data",
                data.toString(), "--split", "all");
        assertEquals(r.out(), all.out(), "the default is all");
        Run heldOut = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--dataset", "folder",
                "--data", data.toString(), "--split", "held-out");
        assertEquals(0, heldOut.exitCode(), heldOut.err());
        assertTrue(heldOut.out().contains(" on 1 images of folder " + data + " (its held-out 10% split"),
                heldOut.out());
    }

    /** A checkpoint of resvec train: the held-out split of the folder by default, every image with --split all. */
    @Test
    void aResVecCheckpointScoresTheHeldOutSplitByDefault() throws IOException {
        List<String> names = IntStream.range(0, 10).mapToObj(c -> "class" + c).toList(); // in the folders' order
        Path ckpt = CheckpointFixtures.write(tmp.resolve("model.safetensors"), new Checkpoints.Spec("resnet", 8, 2,
                names, 32, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}), Map.of());
        Path data = tmp.resolve("shapes");
        for (int c = 0; c < names.size(); c++) {
            Path dir = Files.createDirectories(data.resolve(names.get(c)));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                var g = img.createGraphics();
                g.setColor(new Color(25 * c, 80 * i, 128));
                g.fillRect(4 * i, 3, 20, 20);
                g.dispose();
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
        int total = 3 * names.size();
        for (long seed : new long[] {0, 5}) {
            int heldOut = Datasets.split(ImageFolder.load(data, 32), 0.1, seed).heldOut().size();
            Run r = run("eval", "--checkpoint", ckpt.toString(), "--dataset", "folder", "--data", data.toString(),
                    "--data-seed", "" + seed);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().strip().endsWith(" on " + heldOut + " images of folder " + data
                    + " (its held-out 10% split, --data-seed " + seed + ")"), r.out());
            assertTrue(heldOut > 0 && heldOut < total, "a real split: " + heldOut);
        }
        Run all = run("eval", "--checkpoint", ckpt.toString(), "--dataset", "folder", "--data", data.toString(),
                "--split", "all");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().strip().endsWith(" on " + total + " images of folder " + data + " (all images)"),
                all.out());
    }

    @Test
    void aSplitOtherThanAllOrHeldOutIsRejected() throws IOException {
        Path ckpt = CheckpointFixtures.write(tmp.resolve("model.safetensors"), CheckpointFixtures.spec(32),
                Map.of());
        Path data = Files.createDirectories(tmp.resolve("empty"));
        for (String bad : new String[] {"test", "heldout", "ALL", ""}) {
            Run r = run("eval", "--checkpoint", ckpt.toString(), "--dataset", "folder", "--data", data.toString(),
                    "--split", bad);
            assertEquals(2, r.exitCode(), r.out() + r.err());
            assertTrue(r.err().contains("--split: expected all or held-out, got '" + bad + "'"), r.err());
        }
    }

    /** The embedded set and CIFAR-10 come in fixed parts: --split would do nothing there. */
    @Test
    void splitIsForFoldersOnly() throws IOException {
        Path ckpt = CheckpointFixtures.write(tmp.resolve("model.safetensors"), CheckpointFixtures.spec(32),
                Map.of());
        Run embedded = run("eval", "--checkpoint", ckpt.toString(), "--split", "all", "--train-size", "8",
                "--test-size", "8");
        assertEquals(2, embedded.exitCode(), embedded.out() + embedded.err());
        assertTrue(embedded.err().contains("--split applies to --dataset folder only, got --dataset embedded"
                + " (scored on its held-out images, as they are)"), embedded.err());

        Path cifar = Files.createDirectories(tmp.resolve("cifar"));
        Run test = run("eval", "--checkpoint", ckpt.toString(), "--split", "held-out", "--dataset", "cifar10",
                "--data", cifar.toString());
        assertEquals(2, test.exitCode(), test.out() + test.err());
        assertTrue(test.err().contains("--split applies to --dataset folder only, got --dataset cifar10 (scored"
                + " on its test batch, test_batch.bin, as they are)"), test.err());
    }
}
