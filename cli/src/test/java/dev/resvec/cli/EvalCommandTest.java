package dev.resvec.cli;

import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.nn.data.Cifar10;
import dev.resvec.nn.data.EmbeddedShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resvec eval}: reads only the held-out data, and rejects a bad batch or a dataset of other classes. */
class EvalCommandTest {

    @TempDir
    Path tmp;

    private Path checkpoint(List<String> names, int imageSize) throws IOException {
        Checkpoints.Spec spec = new Checkpoints.Spec("resnet", 8, 2, names, imageSize,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
        return CheckpointFixtures.write(tmp.resolve("model.safetensors"), spec, Map.of());
    }

    private static List<String> embeddedNames() {
        return EmbeddedShapes.split(0, 1, 1).heldOut().classNames();
    }

    @Test
    void cifar10NeedsOnlyTheTestBatch() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        byte[] records = new byte[4 * Cifar10.RECORD_BYTES];
        for (int i = 0; i < 4; i++) {
            records[i * Cifar10.RECORD_BYTES] = (byte) i;
            records[i * Cifar10.RECORD_BYTES + 1 + i] = (byte) 200;
        }
        Files.write(dir.resolve("test_batch.bin"), records);
        Path ckpt = checkpoint(Cifar10.CLASS_NAMES, 32);
        Run r = run("eval", "--checkpoint", ckpt.toString(), "--dataset", "cifar10", "--data", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(" on 4 images of cifar10 " + dir), r.out());
    }

    @Test
    void aBatchBelowOneIsRejected() throws IOException {
        Path ckpt = checkpoint(embeddedNames(), 32);
        for (String batch : List.of("0", "-3")) {
            Run r = run("eval", "--checkpoint", ckpt.toString(), "--batch", batch, "--train-size", "8",
                    "--test-size", "8");
            assertEquals(2, r.exitCode(), r.out() + r.err());
            assertTrue(r.err().contains("--batch: expected at least 1, got " + batch), r.err());
        }
    }

    @Test
    void theDatasetMustHaveTheCheckpointsClassNames() throws IOException {
        Path ckpt = checkpoint(CheckpointFixtures.NAMES, 32);
        Run r = run("eval", "--checkpoint", ckpt.toString(), "--train-size", "8", "--test-size", "8");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("disagree on the classes"), r.err());
        assertTrue(r.err().contains("expected the checkpoint's 10 " + CheckpointFixtures.NAMES), r.err());
        assertTrue(r.err().contains("got the dataset's 10 " + embeddedNames()), r.err());
        assertTrue(r.err().contains("first difference at label 0: 'zero' vs '" + embeddedNames().get(0) + "'"),
                r.err());
    }

    @Test
    void theDatasetMustHaveTheCheckpointsImageSize() throws IOException {
        Path ckpt = checkpoint(embeddedNames(), 16);
        Run r = run("eval", "--checkpoint", ckpt.toString(), "--train-size", "8", "--test-size", "8");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("expected images of 16×16, got embedded shapes"), r.err());
        assertTrue(r.err().contains("at 32×32"), r.err());
    }
}
