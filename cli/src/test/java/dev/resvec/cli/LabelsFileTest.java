package dev.resvec.cli;

import static dev.resvec.cli.PlainStateDicts.plainStateDict;
import static dev.resvec.cli.PlainStateDicts.writeImage;
import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --labels}: one name a line; trailing blank lines are dropped, a blank line before the last name is an error
 * naming its line, and a name may repeat (torchvision's ImageNet list has two {@code crane}s).
 */
class LabelsFileTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    private static String error(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> LabelsFile.read(file)).getMessage();
    }

    @Test
    void namesAreStrippedAndTrailingBlankLinesDropped() throws IOException {
        assertEquals(List.of("tench", "great white shark", "cock"),
                LabelsFile.read(write("ok.txt", "tench\r\n  great white shark \r\ncock\r\n\r\n \n")));
        assertEquals(List.of("only"), LabelsFile.read(write("one.txt", "only")));
    }

    @Test
    void aRepeatedNameKeepsItsRow() throws IOException {
        assertEquals(List.of("bittern", "crane", "bustard", "crane"),
                LabelsFile.read(write("dup.txt", "bittern\ncrane\nbustard\ncrane \n")));
        assertEquals(List.of("Crane", "crane"), LabelsFile.read(write("case.txt", "Crane\ncrane\n")));
    }

    @Test
    void blankLinesBeforeTheLastNameAreRejected() throws IOException {
        assertTrue(error(write("mid.txt", "a\n \t\nb\n")).contains(": line 2 is blank (expected one class name a"
                + " line"), "a line of whitespace is blank");
        assertTrue(error(write("lead.txt", "\na\nb\n")).contains(": line 1 is blank"));
        assertTrue(error(write("empty.txt", "")).endsWith(": no class names (expected one a line)"));
        assertTrue(error(write("blank.txt", "\n\n")).endsWith(": no class names (expected one a line)"));
        assertThrows(NoSuchFileException.class, () -> LabelsFile.read(tmp.resolve("absent.txt")));
    }

    /** Through predict: a list with a repeated name, as torchvision's, names each row by its own line. */
    @Test
    void predictTakesARepeatedName() throws IOException {
        Path file = plainStateDict(tmp, "resnet18_w4.safetensors", Map.of());
        Path image = writeImage(tmp, "photo.png", 64, 48);
        Path labels = write("labels.txt", "c0\nc1\nc2\nc3\nc4\nc5\nc6\nc1\nc8\nc9\n");
        Run predict = run("predict", "--checkpoint", file.toString(), "--arch", "resnet18", "--labels",
                labels.toString(), "--top", "10", image.toString());
        assertEquals(0, predict.exitCode(), predict.out() + predict.err());
        assertTrue(predict.out().contains("c8") && predict.out().contains("c1"), predict.out());
    }
}
