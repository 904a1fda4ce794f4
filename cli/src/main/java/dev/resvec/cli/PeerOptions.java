package dev.resvec.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the network peers come from, for {@code resvec bench} and {@code resvec bench lock-step}. */
final class PeerOptions {
    @Option(names = "--python", paramLabel = "PYTHON",
            description = "The Python with PyTorch (default: $RESVEC_PEERS_PYTHON, else the first of python3 on "
                    + "the PATH and /usr/bin/python3 that can import torch and torchvision).")
    String python;

    @Option(names = "--onnx-dir", paramLabel = "DIR",
            description = "Where the ONNX models for ONNX Runtime are exported to once and reused from "
                    + "(default: ~/.cache/resvec/onnx).")
    Path onnxDir;

    /**
     * @param probe whether PyTorch will run: only then is each candidate asked to import torch
     * @return the Python given, else $RESVEC_PEERS_PYTHON, else the first candidate that imports torch and
     * torchvision (the first candidate where none does, or where {@code probe} is false)
     */
    String python(boolean probe) {
        if (python != null) {
            return python;
        }
        String env = System.getenv("RESVEC_PEERS_PYTHON");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return probe ? PythonWithTorch.find(PythonWithTorch.CANDIDATES, PythonWithTorch.IMPORT_TIMEOUT)
                : PythonWithTorch.CANDIDATES.get(0);
    }

    /** @return the ONNX folder given, else ~/.cache/resvec/onnx */
    Path onnxDir() {
        return onnxDir != null ? onnxDir : Path.of(System.getProperty("user.home"), ".cache", "resvec", "onnx");
    }
}
