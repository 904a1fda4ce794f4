package dev.resvec.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The PyTorch peer's script, {@code bench/peers/torch_report.py}, as packaged in the bench jar (bench/pom.xml copies
 * bench/peers there): the report's peer run and {@link TrainingAlternation}'s step server both run a copy of it, kept
 * beside their logs so that a result names the exact script that produced it.
 */
public final class TorchScript {
    /** Where the script is in the jar. */
    public static final String RESOURCE = "/dev/resvec/bench/peers/torch_report.py";

    private TorchScript() {}

    /**
     * Writes the script to {@code dest} (replacing a file there), creating its directory.
     *
     * @throws IllegalStateException when the jar does not hold it
     */
    public static Path copyTo(Path dest) throws IOException {
        Files.createDirectories(dest.toAbsolutePath().getParent());
        try (InputStream in = TorchScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("torch_report.py is not in the bench jar (" + RESOURCE + ")");
            }
            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        return dest;
    }
}
