package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock-step protocol with PyTorch's training-step process, against small shell scripts that play the child:
 * steps are answered with the child's time; a child that ends before it is ready, or answers with anything but a
 * step, gets an error naming what happened and quoting its stderr. (The real child, {@code torch_report.py
 * --serve-train}, needs PyTorch, which CI does not have.)
 */
class TorchTrainStepsTest {
    private static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    @Test
    void stepsAreAnsweredWithTheChildsTime(@TempDir Path dir) throws Exception {
        try (TorchTrainSteps t = new TorchTrainSteps(sh("echo '{\"kind\": \"info\", \"torch\": \"x\"}';"
                + " echo '{\"kind\": \"ready\"}'; n=1; while read line; do [ \"$line\" = step ] || exit 9;"
                + " echo \"{\\\"kind\\\": \\\"step\\\", \\\"ms\\\": $n.5}\"; n=$((n+1)); done"), dir.resolve("log"))) {
            assertEquals(1.5, t.step());
            assertEquals(2.5, t.step());
        }
    }

    @Test
    void aChildThatEndsBeforeItIsReadyIsNamedWithItsStatusAndStderr(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TorchTrainSteps(
                sh("echo 'PyTorch missing: no module named torch' >&2; exit 3"), dir.resolve("log")));
        assertTrue(e.getMessage().contains("ended with exit status 3 before its ready line"), e.getMessage());
        assertTrue(e.getMessage().contains("PyTorch missing: no module named torch"), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotAStepIsNamed(@TempDir Path dir) throws Exception {
        try (TorchTrainSteps t = new TorchTrainSteps(sh("echo '{\"kind\": \"ready\"}'; read line;"
                + " echo '{\"kind\": \"error\", \"case\": \"serve\", \"message\": \"out of memory\"}'"),
                dir.resolve("log"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, t::step);
            assertTrue(e.getMessage().contains("answered a step with kind 'error': out of memory"), e.getMessage());
        }
    }

    @Test
    void aLineThatIsNotJsonIsQuoted(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TorchTrainSteps(sh("echo 'Traceback (most recent call last):'"), dir.resolve("log")));
        assertTrue(e.getMessage().contains("'Traceback (most recent call last):'"), e.getMessage());
    }
}
