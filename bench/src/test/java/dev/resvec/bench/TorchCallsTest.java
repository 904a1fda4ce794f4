package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock-step protocol with PyTorch's serving process, against small shell scripts that play the child: steps are
 * answered with the child's time; a child that ends before it is ready, or answers with anything but a step, gets an
 * error naming what happened and quoting its stderr; several children start warmed, and a failure to start one
 * closes those already started. (The real child, {@code torch_report.py --serve-train} or {@code --serve-infer},
 * needs PyTorch, which CI does not have.)
 */
class TorchCallsTest {
    private static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    /** A child that answers step n with n.5 ms and, once its input ends, writes "closed" to {@code closed}. */
    private static List<String> counting(Path closed) {
        return sh("echo '{\"kind\": \"ready\"}'; n=1; while read line; do"
                + " echo \"{\\\"kind\\\": \\\"step\\\", \\\"ms\\\": $n.5}\"; n=$((n+1)); done;"
                + " echo closed > '" + closed + "'");
    }

    @Test
    void stepsAreAnsweredWithTheChildsTime(@TempDir Path dir) throws Exception {
        try (TorchCalls t = new TorchCalls(sh("echo '{\"kind\": \"info\", \"torch\": \"x\"}';"
                + " echo '{\"kind\": \"ready\"}'; n=1; while read line; do [ \"$line\" = step ] || exit 9;"
                + " echo \"{\\\"kind\\\": \\\"step\\\", \\\"ms\\\": $n.5}\"; n=$((n+1)); done"), dir.resolve("log"))) {
            assertEquals(1.5, t.step());
            assertEquals(2.5, t.step());
        }
    }

    @Test
    void aChildThatEndsBeforeItIsReadyIsNamedWithItsStatusAndStderr(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TorchCalls(
                sh("echo 'PyTorch missing: no module named torch' >&2; exit 3"), dir.resolve("log")));
        assertTrue(e.getMessage().contains("ended with exit status 3 before its ready line"), e.getMessage());
        assertTrue(e.getMessage().contains("PyTorch missing: no module named torch"), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotAStepIsNamed(@TempDir Path dir) throws Exception {
        try (TorchCalls t = new TorchCalls(sh("echo '{\"kind\": \"ready\"}'; read line;"
                + " echo '{\"kind\": \"error\", \"case\": \"serve\", \"message\": \"out of memory\"}'"),
                dir.resolve("log"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, t::step);
            assertTrue(e.getMessage().contains("answered a step with kind 'error': out of memory"), e.getMessage());
        }
    }

    @Test
    void aLineThatIsNotJsonIsQuoted(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TorchCalls(sh("echo 'Traceback (most recent call last):'"), dir.resolve("log")));
        assertTrue(e.getMessage().contains("'Traceback (most recent call last):'"), e.getMessage());
    }

    @Test
    void processesStartWarmedByTheirWarmUpCalls(@TempDir Path dir) throws Exception {
        List<TorchCalls> started = TorchCalls.startWarm(2, 3, dir,
                d -> new TorchCalls(counting(dir.resolve(d.getFileName() + ".closed")), dir.resolve(d.getFileName()
                        + ".log")));
        try {
            assertEquals(2, started.size());
            for (TorchCalls t : started) {
                assertEquals(4.5, t.step()); // three warm-up calls came first
            }
        } finally {
            started.forEach(TorchCalls::close);
        }
        assertTrue(Files.isRegularFile(dir.resolve("torch-0.closed")) && Files.isRegularFile(
                dir.resolve("torch-1.closed")));
    }

    @Test
    void aProcessThatFailsToStartClosesTheOnesBeforeIt(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TorchCalls.startWarm(3, 1, dir,
                d -> new TorchCalls(d.getFileName().toString().equals("torch-1")
                        ? sh("echo 'no torch' >&2; exit 3") : counting(dir.resolve(d.getFileName() + ".closed")),
                        dir.resolve(d.getFileName() + ".log"))));
        assertTrue(e.getMessage().contains("exit status 3"), e.getMessage());
        assertTrue(Files.isRegularFile(dir.resolve("torch-0.closed")), "the first process was not closed");
        assertFalse(Files.exists(dir.resolve("torch-2.log")), "a process was started after the failure");
    }
}
