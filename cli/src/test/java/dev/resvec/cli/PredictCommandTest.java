package dev.resvec.cli;

import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resvec predict} on checkpoints of other input sizes and class counts, and its bad-input errors. */
class PredictCommandTest {

    @TempDir
    static Path tmp;

    static Path image;

    @BeforeAll
    static void writeImage() throws IOException {
        image = tmp.resolve("a.png");
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillOval(5, 5, 20, 20);
        g.dispose();
        ImageIO.write(img, "png", image.toFile());
    }

    private static long shownClasses(Run r) {
        return r.out().lines().filter(l -> l.endsWith("%")).count();
    }

    @Test
    void aCheckpointOfAnotherImageSizePredictsAtThatSize() throws IOException {
        Path ckpt = CheckpointFixtures.write(tmp.resolve("s16.safetensors"), CheckpointFixtures.spec(16), Map.of());
        Run r = run("predict", "--checkpoint", ckpt.toString(), image.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(PredictCommand.DEFAULT_TOP, shownClasses(r), r.out());
    }

    @Test
    void anImageSizeOutOfRangeIsACleanError() throws IOException {
        Path ckpt = CheckpointFixtures.write(tmp.resolve("huge.safetensors"), CheckpointFixtures.spec(32),
                Map.of("imageSize", "100000"));
        Run r = run("predict", "--checkpoint", ckpt.toString(), image.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("resvec: error: " + ckpt + ": metadata 'imageSize': expected an integer in"
                + " 8..1024, got '100000'"), r.err());
    }

    @Test
    void topAboveTheClassCountIsRejectedButTheDefaultIsCut() throws IOException {
        Path ten = CheckpointFixtures.write(tmp.resolve("ten.safetensors"), CheckpointFixtures.spec(32), Map.of());
        Run over = run("predict", "--checkpoint", ten.toString(), "--top", "50", image.toString());
        assertEquals(2, over.exitCode(), over.err());
        assertTrue(over.err().contains("--top: expected at most 10"), over.err());
        assertTrue(over.err().contains("got 50"), over.err());

        Run all = run("predict", "--checkpoint", ten.toString(), "--top", "10", image.toString());
        assertEquals(0, all.exitCode(), all.err());
        assertEquals(10, shownClasses(all), all.out());

        Checkpoints.Spec two = new Checkpoints.Spec("resnet", 8, 2, List.of("cats", "dogs"), 32,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
        Path twoClasses = CheckpointFixtures.write(tmp.resolve("two.safetensors"), two, Map.of());
        Run cut = run("predict", "--checkpoint", twoClasses.toString(), image.toString());
        assertEquals(0, cut.exitCode(), cut.err());
        assertEquals(2, shownClasses(cut), cut.out());
    }

    @Test
    void aDirectoryAsCheckpointSaysSo() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Run r = run("predict", "--checkpoint", dir.toString(), image.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains(dir + ": is a directory, expected a checkpoint file"), r.err());
    }
}
