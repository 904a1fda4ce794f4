package dev.resvec.bench.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.Row;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What torch_report.py prints becomes rows, missing entries and ONNX paths. */
class TorchPeerTest {
    static final List<ThreadSpec> THREADS = List.of(new ThreadSpec("1", 1), new ThreadSpec("all", 2));

    @Test
    void linesBecomeRowsOfTheirSections() {
        String out = """
                {"kind": "info", "torch": "1.13.1", "torchvision": "0.14.1", "mkldnn": true, "openblas": null}
                {"kind": "onnx", "model": "resnet18", "path": "/tmp/onnx/resnet18.onnx", "exported": true}
                {"kind": "conv", "case": "3x3_64-64_56:1", "threads": 1, "samples_ms": [3.0, 3.5, 3.2]}
                {"kind": "infer", "case": "resnet50:8", "threads": 2, "samples_ms": [700, 705, 710]}
                {"kind": "train", "case": "resnet20:64", "threads": 1, "samples_ms": [166.0]}
                {"kind": "error", "case": "infer resnet18:1 threads 2", "message": "RuntimeError: out of memory"}
                """;
        TorchPeer.Result r = TorchPeer.parse(out, THREADS, null, List.of(ReportPlan.CONV));
        assertEquals("PyTorch 1.13.1 (oneDNN)", r.version());
        assertNull(r.error());
        assertEquals(Path.of("/tmp/onnx/resnet18.onnx"), r.onnx().get("resnet18"));
        Row conv = r.rows().get(ReportPlan.CONV).get(0);
        assertEquals("3x3_64-64_56 b1", conv.caseName());
        assertEquals("PyTorch", conv.impl());
        assertEquals(Row.PEER, conv.variant());
        assertEquals(3.2, conv.primary().median());
        assertEquals("ms", conv.primary().unit());
        assertEquals(2 * 64 * 64 * 9 * 56 * 56 / 3.2e-3 / 1e9, conv.figure("GFLOP/s").median(), 1e-6);
        Row infer = r.rows().get(ReportPlan.INFERENCE).get(0);
        assertEquals("resnet50 b8", infer.caseName());
        assertEquals("all", infer.threadsKey(), "2 threads is 'all' here");
        assertEquals(8 / 0.705, infer.figure("images/s").median(), 1e-6);
        assertEquals("resnet20 step b64", r.rows().get(ReportPlan.TRAINING).get(0).caseName());
        assertEquals("PyTorch infer resnet18:1 threads 2", r.missing().get(ReportPlan.INFERENCE).get(0).what());
    }

    @Test
    void anEarlyEndIsNamedInEverySectionWithCases() {
        TorchPeer.Result r = TorchPeer.parse("", THREADS, "exit 1: Segmentation fault",
                List.of(ReportPlan.CONV, ReportPlan.TRAINING));
        assertNull(r.version());
        assertTrue(r.error().contains("Segmentation fault"), r.error());
        assertTrue(r.missing().get(ReportPlan.TRAINING).get(0).reason().contains("ended early"));
        assertEquals(2, r.missing().size());
    }
}
