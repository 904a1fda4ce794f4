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
        Run model = run("bench", "lock-step", "--models", "resnet18,vgg16");
        assertEquals(2, model.exitCode());
        assertTrue(model.err().contains("--models: expected some of resnet18,resnet50, got 'vgg16'"), model.err());
        Run batch = run("bench", "lock-step", "--batches", "1,0");
        assertEquals(2, batch.exitCode());
        assertTrue(batch.err().contains("--batches: batch sizes must be >= 1, got 0"), batch.err());
        Run peer = run("bench", "lock-step", "--peers", "onnxruntime,tensorflow");
        assertEquals(2, peer.exitCode());
        assertTrue(peer.err().contains("--peers: expected some of pytorch,onnxruntime, got 'tensorflow'"), peer.err());
        Run threads = run("bench", "lock-step", "--threads", "1,none");
        assertEquals(2, threads.exitCode());
        assertTrue(threads.err().contains("--threads: expected counts or 'all'"), threads.err());
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
