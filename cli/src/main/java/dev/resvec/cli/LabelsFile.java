package dev.resvec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --labels} file: one class name a line, in the order of {@code fc}'s rows, as PyTorch's
 * {@code imagenet_classes.txt} lists them.
 *
 * <p>Names are stripped of surrounding whitespace. Blank lines at the end are dropped (a final newline, or a few,
 * is how editors leave a file); a blank line before the last name is an error, since it would shift every later
 * name onto the wrong row. Errors name the file and the line number, counted from 1 as editors show them.
 *
 * <p>A name may appear twice: PyTorch Hub's {@code imagenet_classes.txt} names two classes {@code crane} (the bird
 * and the machine) and two {@code maillot}, and it must load as it is. A label is its row; the name only prints it.
 * Eval compares the list with a dataset's class names, which cannot repeat, so a repeated name there fails that
 * comparison with its own message.
 */
final class LabelsFile {
    private LabelsFile() {}

    /**
     * @param file the file
     * @return the class names, at least one
     * @throws NoSuchFileException      when the file does not exist
     * @throws IllegalArgumentException for a file without names or a blank line between names, with a message that
     *                                  starts with the file and names the line
     * @throws IOException              when reading fails
     */
    static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "--labels file not found");
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file).stream().map(String::strip).toList());
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": no class names (expected one a line)");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is blank (expected one class name a"
                        + " line, in the order of fc's rows; only trailing blank lines are ignored)");
            }
        }
        return List.copyOf(lines);
    }
}
