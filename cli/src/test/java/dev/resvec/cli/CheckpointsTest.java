package dev.resvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Checkpoints#load}: every metadata key is checked, and each error names the file, the key, expected, got. */
class CheckpointsTest {
    @TempDir
    Path tmp;

    private Path write(Map<String, String> changes) throws IOException {
        return CheckpointFixtures.write(tmp.resolve("model.safetensors"), CheckpointFixtures.spec(32), changes);
    }

    private static Map<String, String> change(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Loads a checkpoint with bent metadata and checks that the error names the file and each of {@code parts}. */
    private void assertRejected(Map<String, String> changes, String... parts) throws IOException {
        Path file = write(changes);
        IOException e = assertThrows(IOException.class, () -> Checkpoints.load(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        for (String part : parts) {
            assertTrue(m.contains(part), "'" + part + "' not in: " + m);
        }
        assertFalse(m.contains("\n"), "one line: " + m);
        assertFalse(m.contains("{format="), "no dumped map: " + m);
    }

    @Test
    void aGoodCheckpointLoadsWithItsSpec() throws IOException {
        Path file = CheckpointFixtures.write(tmp.resolve("ok.safetensors"), CheckpointFixtures.spec(16), Map.of());
        Checkpoints.Loaded loaded = Checkpoints.load(file);
        assertEquals(16, loaded.spec().imageSize());
        assertEquals(CheckpointFixtures.NAMES, loaded.spec().classNames());
        assertEquals("resnet", loaded.spec().model());
    }

    @Test
    void imageSizeOutOfRangeOrNotANumber() throws IOException {
        assertRejected(change("imageSize", "100000"), "metadata 'imageSize'", "expected an integer in 8..1024",
                "got '100000'");
        assertRejected(change("imageSize", "0"), "metadata 'imageSize'", "8..1024", "got '0'");
        assertRejected(change("imageSize", "big"), "metadata 'imageSize'", "8..1024", "got 'big'");
    }

    @Test
    void modelAndPreActivationMustAgree() throws IOException {
        assertRejected(change("model", "vgg"), "metadata 'model'", "expected 'resnet' or 'preact'", "got 'vgg'");
        assertRejected(change("preActivation", "true"), "metadata 'preActivation'", "expected 'false'",
                "model is 'resnet'", "got 'true'");
        assertRejected(change("model", "preact"), "metadata 'preActivation'", "expected 'true'", "got 'false'");
    }

    @Test
    void classesMustMatchTheNamesAndTheClassifier() throws IOException {
        assertRejected(change("classes", "5"), "metadata 'classNames'", "expected 5 names", "got 10");
        assertRejected(change("classes", "5", "classNames", "a\nb\nc\nd\ne"), "tensor 'fc.weight'",
                "expected shape [5, 8]", "got [10, 8]");
        assertRejected(change("classNames", "a\nb\nc\nd\ne\nf\ng\nh\ni\na"), "metadata 'classNames'",
                "distinct", "got 'a' twice");
        assertRejected(change("classes", "-1"), "metadata 'classes'", "at least 1", "got '-1'");
    }

    @Test
    void widthAndDepthMustFitTheWeights() throws IOException {
        assertRejected(change("width", "3"), "tensor 'conv1.weight'", "expected shape [3, 3, 3, 3]",
                "got [2, 3, 3, 3]");
        assertRejected(change("depth", "9"), "metadata 'depth'", "6n + 2", "got '9'");
        assertRejected(change("depth", "100000"), "metadata 'depth'", "8..1202", "got '100000'");
        // a deeper model than the weights: the strict load lists the first missing keys and counts the rest
        assertRejected(change("depth", "20"), "depth 20", "missing keys: layer1.1.conv1.weight", "… and ", " more");
    }

    @Test
    void meanAndStdNeedOnePositiveValuePerChannel() throws IOException {
        assertRejected(change("mean", "0.5,0.5"), "metadata 'mean'", "expected 3 comma-separated",
                "got '0.5,0.5'");
        assertRejected(change("std", "0.2,0,0.2"), "metadata 'std'", "positive", "got '0.2,0,0.2'");
        assertRejected(change("std", "0.2,NaN,0.2"), "metadata 'std'", "got '0.2,NaN,0.2'");
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        Map<String, String> noDepth = new HashMap<>();
        noDepth.put("depth", null);
        assertRejected(noDepth, "metadata 'depth' is missing");
    }

    @Test
    void aDirectoryIsNotACheckpoint() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.load(dir));
        assertTrue(e.getMessage().contains(dir + ": is a directory, expected a checkpoint file"), e.getMessage());
    }
}
