package dev.resvec.cli;

import static dev.resvec.cli.PlainStateDicts.CLASSES;
import static dev.resvec.cli.PlainStateDicts.MEAN;
import static dev.resvec.cli.PlainStateDicts.STD;
import static dev.resvec.cli.PlainStateDicts.input;
import static dev.resvec.cli.PlainStateDicts.model;
import static dev.resvec.cli.PlainStateDicts.parseJson;
import static dev.resvec.cli.PlainStateDicts.plainStateDict;
import static dev.resvec.cli.PlainStateDicts.probabilities;
import static dev.resvec.cli.PlainStateDicts.writeImage;
import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.cli.PlainStateDicts.Shown;
import dev.resvec.nn.resnet.ResNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resize N}: the shorter side before the centre crop, e.g. torchvision's IMAGENET1K_V2 transform
 * ({@code ImageClassification(crop_size=224, resize_size=232)}) in place of the default Resize(256) +
 * CenterCrop(224). The expected outputs are derived apart from the commands' preprocessing ({@link PlainStateDicts}).
 */
class ResizeOptionTest {
    private static final String FIXTURE = "resnet18_w4.safetensors";

    @TempDir
    static Path tmp;

    static Path portrait;
    static Path file;
    static ResNet model;

    @BeforeAll
    static void setUp() throws IOException {
        portrait = writeImage(tmp, "portrait.png", 240, 300);
        file = plainStateDict(tmp, FIXTURE, Map.of());
        model = model(FIXTURE, 18, 4);
    }

    private static void assertShown(float[] expected, Run r) throws IOException {
        assertEquals(0, r.exitCode(), r.err());
        List<Shown> shown = parseJson(r.out());
        assertEquals(CLASSES, shown.size(), r.out());
        for (Shown s : shown) {
            assertEquals(expected[s.index()], s.probability(), 0f, "class " + s.index() + ": " + r.out());
        }
    }

    /** The probabilities at 232 differ from those at 256, so a --resize that were ignored would fail here. */
    @Test
    void predictReadsTheImageAtTheResizeSide() throws IOException {
        float[] at232 = probabilities(model, input(portrait, 232, 224, MEAN, STD));
        float[] at256 = probabilities(model, input(portrait, 256, 224, MEAN, STD));
        double diff = 0;
        for (int c = 0; c < CLASSES; c++) {
            diff = Math.max(diff, Math.abs(at232[c] - at256[c]));
        }
        assertTrue(diff > 1e-4, "the resize side matters to this image: " + diff);

        assertShown(at232, run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--resize", "232",
                "--top", "10", "--json", portrait.toString()));
        assertShown(at256, run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--top", "10",
                "--json", portrait.toString()));
        // with --image-size: the crop 112 out of a shorter side of 120 (not the default ⌊112·256/224⌋ = 128)
        assertShown(probabilities(model, input(portrait, 120, 112, MEAN, STD), 112), run("predict", "--checkpoint",
                file.toString(), "--arch", "resnet18", "--image-size", "112", "--resize", "120", "--top", "10",
                "--json", portrait.toString()));
        // the crop side itself: no resize beyond the crop (the CIFAR family's default)
        assertShown(probabilities(model, input(portrait, 224, 224, MEAN, STD)), run("predict", "--checkpoint",
                file.toString(), "--arch", "resnet18", "--resize", "224", "--top", "10", "--json",
                portrait.toString()));
    }

    /** eval reads the folder's images at the resize side too: ten copies of one image, all scored. */
    @Test
    void evalReadsTheFolderAtTheResizeSide() throws IOException {
        Path data = tmp.resolve("val");
        for (int c = 0; c < CLASSES; c++) {
            Files.copy(portrait, Files.createDirectories(data.resolve("c" + c)).resolve("x.png"));
        }
        float[] p = probabilities(model, input(portrait, 232, 224, MEAN, STD));
        double loss = 0;
        for (float q : p) {
            loss -= Math.log(q) / CLASSES;
        }
        Run r = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--resize", "232", "--dataset",
                "folder", "--data", data.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("\\(loss ([0-9.]+)\\) on 10 images").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(loss, Double.parseDouble(m.group(1)), 2e-4, r.out());
    }

    @Test
    void aResizeBelowTheCropOrOutOfRangeIsRejected() {
        for (String bad : new String[] {"223", "0", "-232", "4097"}) {
            Run r = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--resize", bad,
                    portrait.toString());
            assertEquals(2, r.exitCode(), r.out() + r.err());
            assertTrue(r.err().contains("--resize: expected a side of 224..4096 (at least --image-size 224: the"
                    + " shorter side is resized to it, then the centre 224×224 cut out), got " + bad), r.err());
        }
        Run small = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--image-size", "112",
                "--resize", "100", portrait.toString());
        assertEquals(2, small.exitCode(), small.out() + small.err());
        assertTrue(small.err().contains("--resize: expected a side of 112..4096"), small.err());
        assertTrue(small.err().contains("got 100"), small.err());

        Run notANumber = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--resize", "big",
                portrait.toString());
        assertEquals(2, notANumber.exitCode(), notANumber.out() + notANumber.err());
        assertTrue(notANumber.err().contains("--resize"), notANumber.err());
    }

    /** The embedded set and CIFAR-10 come at their size: a --resize would do nothing there. */
    @Test
    void evalRejectsResizeOnDatasetsOfFixedSize() throws IOException {
        Path cifar = Files.createDirectories(tmp.resolve("cifar"));
        Run r = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--resize", "256", "--dataset",
                "cifar10", "--data", cifar.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--resize applies to --dataset folder only, got --dataset cifar10 (scored on"
                + " its test batch, test_batch.bin, as they are)"), r.err());
        Run embedded = run("eval", "--checkpoint", file.toString(), "--arch", "resnet18", "--resize", "256");
        assertEquals(2, embedded.exitCode(), embedded.out() + embedded.err());
        assertTrue(embedded.err().contains("--resize applies to --dataset folder only, got --dataset embedded"),
                embedded.err());
    }

    /** A checkpoint of resvec train was trained at its image size with no larger resize: its metadata decides. */
    @Test
    void aResVecCheckpointRejectsResize() throws IOException {
        Path ckpt = CheckpointFixtures.write(tmp.resolve("resvec.safetensors"), CheckpointFixtures.spec(32),
                Map.of());
        Run r = run("predict", "--checkpoint", ckpt.toString(), "--resize", "36", portrait.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--resize: " + ckpt + " is a resvec train checkpoint, whose metadata sets the"
                + " image size and its preprocessing; --resize is for state dicts without that metadata"), r.err());
    }

    @Test
    void theHelpNamesTheV2Transform() {
        for (String command : new String[] {"predict", "eval"}) {
            Run r = run(command, "--help");
            assertEquals(0, r.exitCode(), r.err());
            String help = r.out().replaceAll("\\s+", " ");
            assertTrue(help.contains("--resize=N"), help);
            assertTrue(help.contains("E.g. 232 for torchvision's IMAGENET1K_V2 weights"), help);
        }
    }
}
