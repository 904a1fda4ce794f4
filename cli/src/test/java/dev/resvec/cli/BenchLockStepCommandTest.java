package dev.resvec.cli;

import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resvec bench lock-step} without its peers (CI has no PyTorch): bad options are usage errors that name what
 * came, and a Python that cannot export the ONNX models stops the run before any comparison, with an error that
 * names the Python, the models and the folder, and no file written.
 */
class BenchLockStepCommandTest {
    @Test
    void badOptionsAreExitTwoWithTheReason() {
        assertUsageError("--models: expected some of resnet18,resnet50, got 'vgg16'", "--models", "resnet18,vgg16");
        assertUsageError("--batches: batch sizes must be >= 1, got 0", "--batches", "1,0");
        assertUsageError("--peers: expected some of pytorch,onnxruntime, got 'tensorflow'", "--peers",
                "onnxruntime,tensorflow");
        assertUsageError("--threads: expected counts or 'all'", "--threads", "1,none");
    }

    private static void assertUsageError(String message, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "bench";
        args[1] = "lock-step";
        System.arraycopy(options, 0, args, 2, options.length);
        Run r = run(args);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void withoutPyTorchTheMissingModelsAreNamedWithWhereToPutThem(@TempDir Path dir) {
        Run r = run("bench", "lock-step", "--peers", "onnxruntime", "--models", "resnet50", "--batches", "1",
                "--threads", "1", "--python", "/bin/false", "--onnx-dir", dir.resolve("onnx").toString(), "--out",
                dir.resolve("x.md").toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("ONNX Runtime's rows need resnet50.onnx in " + dir.resolve("onnx")), r.err());
        assertTrue(r.err().contains("or copy the files there"), r.err());
        assertFalse(r.out().contains("lock-step: "), "a comparison ran: " + r.out());
    }

    @Test
    void aPythonThatCannotExportTheModelsStopsTheRun(@TempDir Path dir) {
        Path out = dir.resolve("lock-step.md");
        Run r = run("bench", "lock-step", "--no-training", "--models", "resnet18", "--batches", "1", "--threads", "1",
                "--python", "/bin/false", "--onnx-dir", dir.resolve("onnx").toString(), "--out", out.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("ONNX Runtime's rows need resnet18.onnx in " + dir.resolve("onnx")
                + "; exporting them with PyTorch (/bin/false) failed"), r.err());
        assertFalse(r.out().contains("lock-step: resnet18"), "a comparison ran: " + r.out());
        assertFalse(Files.exists(out));
    }
}
