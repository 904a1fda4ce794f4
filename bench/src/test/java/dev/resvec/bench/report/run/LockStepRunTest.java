package dev.resvec.bench.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lock-step suite's pieces that need no peer: which lines of a comparison's output are its rows, the file it
 * writes, and the options it refuses. (The comparisons themselves need PyTorch and ONNX Runtime's models; `resvec
 * bench lock-step` runs them.)
 */
class LockStepRunTest {
    private static final List<ThreadSpec> ONE = List.of(new ThreadSpec("1", 1));

    private static LockStepRun.Options options(List<String> models, List<Integer> batches, boolean training) {
        return options(models, batches, training, LockStepRun.PEERS);
    }

    private static LockStepRun.Options options(List<String> models, List<Integer> batches, boolean training,
                                               List<String> peers) {
        return new LockStepRun.Options(ONE, models, batches, training, peers, "python3", Path.of("onnx"),
                Path.of("x.md"), "resvec bench lock-step");
    }

    @Test
    void theRowsAreTheLinesOfCellsThatAreNeitherHeaderNorRule() {
        String stdout = """
                WARNING: Using incubator modules: jdk.incubator.vector
                | model | batch | threads | peer | ResVec ms | peer ms | ResVec ÷ peer (per-round min / median / max) |
                |---|---|---|---|---|---|---|
                | resnet18 | 1 | 1 | ONNX Runtime 1.29.0 | 26.63 | 34.99 | 1.199 / 1.318 / 1.375 |
                | resnet18 | 1 | 1 | PyTorch | 26.75 | 47.42 | 1.648 / 1.739 / 2.008 |
                | CIFAR ResNet-20 train step, batch | threads | ResVec ms | PyTorch ms | ResVec ÷ PyTorch |
                | 64 | 2 | 129.1 | 167.4 | 1.042 / 1.332 / 1.483 |
                INFO: | not a row
                """;
        assertEquals(List.of("| resnet18 | 1 | 1 | ONNX Runtime 1.29.0 | 26.63 | 34.99 | 1.199 / 1.318 / 1.375 |",
                "| resnet18 | 1 | 1 | PyTorch | 26.75 | 47.42 | 1.648 / 1.739 / 2.008 |",
                "| 64 | 2 | 129.1 | 167.4 | 1.042 / 1.332 / 1.483 |"), LockStepRun.rows(stdout));
        assertEquals(List.of(), LockStepRun.rows("Exception in thread \"main\" java.lang.IllegalStateException\n"));
    }

    @Test
    void theFileHasATableForEachKindOfRowAndNamesTheFailures() {
        MachineFacts facts = new MachineFacts("Test CPU", 2, 2, List.of("avx2"), "L2 1 MiB", "sysfs", "Linux");
        String md = LockStepRun.markdown(options(List.of("resnet18"), List.of(1), true), facts,
                List.of("| 64 | 1 | 233.7 | 269.8 | 1.090 / 1.180 / 1.243 |"),
                List.of("| resnet18 | 1 | 1 | PyTorch | 26.75 | 47.42 | 1.648 / 1.739 / 2.008 |"),
                List.of("resnet18 batch 8, 1 thread: exit 1: no ONNX file"));
        assertTrue(md.contains("Test CPU, 2 logical CPUs"), md);
        assertTrue(md.contains("| CIFAR ResNet-20 train step, batch |") && md.contains("| 64 | 1 | 233.7 |"), md);
        assertTrue(md.contains("| model | batch | threads | peer |") && md.contains("| resnet18 | 1 | 1 | PyTorch |"),
                md);
        assertTrue(md.contains("**Failed**") && md.contains("- resnet18 batch 8, 1 thread: exit 1: no ONNX file"), md);
        String noTraining = LockStepRun.markdown(options(List.of("resnet18"), List.of(1), false), facts, List.of(),
                List.of("| resnet18 | 1 | 1 | PyTorch | 26.75 | 47.42 | 1.648 / 1.739 / 2.008 |"), List.of());
        assertTrue(!noTraining.contains("CIFAR") && !noTraining.contains("Failed"), noTraining);
    }

    @Test
    void optionsNameWhatTheyRefuse() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> options(List.of("vgg16"), List.of(1), true))
                .getMessage().contains("expected some of resnet18,resnet50, got 'vgg16'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> options(List.of("resnet50"), List.of(0), true))
                .getMessage().contains("batch sizes must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> options(List.of(), List.of(1), false))
                .getMessage().contains("nothing to run"));
        options(List.of(), List.of(), true); // the training step alone
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> options(List.of("resnet18"), List.of(1), true, List.of("onnxruntime", "tvm"))).getMessage()
                .contains("--peers: expected some of pytorch,onnxruntime, got 'tvm'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> options(List.of("resnet18"), List.of(1), true, List.of())).getMessage()
                .contains("nothing to run"));
    }

    @Test
    void withoutPyTorchThereIsNoTrainingStep() {
        assertFalse(options(List.of("resnet18"), List.of(1), true, List.of("onnxruntime")).training());
        assertTrue(options(List.of("resnet18"), List.of(1), true, List.of("pytorch")).training());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> options(List.of(), List.of(), true, List.of("onnxruntime"))).getMessage()
                .contains("nothing to run"));
    }
}
