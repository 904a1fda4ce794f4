package dev.resvec.cli;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Python that can import torch and torchvision, for the bench report's PyTorch peer. Neither usual place
 * is right everywhere: Debian's {@code python3-torch} lives in {@code /usr/bin/python3} while {@code python3} on the
 * PATH may be a pyenv shim without it (this project's own machine), and a machine with PyTorch in a virtual
 * environment has it only in the {@code python3} on the PATH, its {@code /usr/bin/python3} bare (the Xeon of
 * bench/results). So each is asked to import them, in order.
 */
final class PythonWithTorch {
    /** The candidates, in order: the PATH's (an activated environment is what the user means) and the system's. */
    static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");
    /** Enough for a cold import of torch from a slow disk. */
    static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(120);

    private PythonWithTorch() {}

    /**
     * @return the first candidate that imports torch and torchvision, or the first candidate when none does (the
     * PyTorch peer then runs it and names in the report what is missing)
     */
    static String find(List<String> candidates, Duration timeout) {
        for (String python : candidates) {
            if (importsTorch(python, timeout)) {
                return python;
            }
        }
        return candidates.get(0);
    }

    /**
     * @return whether {@code python -c "import torch, torchvision"} exits with 0 within the timeout (the peer's
     * script needs both: torchvision builds the ResNets)
     */
    static boolean importsTorch(String python, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", "import torch, torchvision").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return false; // not there, or not executable
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
