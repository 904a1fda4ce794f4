package dev.resvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch peer's interpreter is the first candidate that imports torch, whichever place that is. */
class PythonWithTorchTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /**
     * A stand-in interpreter: exits 0 when asked to import torch and torchvision if {@code hasTorch}, else 1 as
     * Python would.
     */
    private String python(String name, boolean hasTorch) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n[ \"$1 $2\" = \"-c import torch, torchvision\" ] && exit " + (hasTorch ? 0 : 1)
                + "\nexit 2\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p.toString();
    }

    @Test
    void theFirstThatImportsTorchWins() throws IOException {
        String bare = python("bare", false), venv = python("venv", true), system = python("system", true);
        assertEquals(venv, PythonWithTorch.find(List.of(bare, venv, system), TIMEOUT));
        assertEquals(system, PythonWithTorch.find(List.of(system, venv), TIMEOUT));
    }

    @Test
    void aMissingInterpreterIsSkipped() throws IOException {
        String venv = python("venv", true);
        assertEquals(venv, PythonWithTorch.find(List.of(dir.resolve("nothing-here").toString(), venv), TIMEOUT));
        assertFalse(PythonWithTorch.importsTorch(dir.resolve("nothing-here").toString(), TIMEOUT));
    }

    /** None has torch: the first is returned, so that the report names what is missing with that interpreter. */
    @Test
    void withoutTorchTheFirstCandidateIsKept() throws IOException {
        String a = python("a", false), b = python("b", false);
        assertEquals(a, PythonWithTorch.find(List.of(a, b), TIMEOUT));
        assertFalse(PythonWithTorch.importsTorch(b, TIMEOUT));
    }
}
