package dev.resvec.bench.report.run;

import java.util.Locale;

/** The titles and descriptions of the report's sections: what each measures, how, and in which units. */
final class SectionTexts {
    private SectionTexts() {}

    static String title(String section) {
        return switch (section) {
            case ReportPlan.LIMITS -> "Machine limits";
            case ReportPlan.GEMM -> "GEMM";
            case ReportPlan.CONV -> "Convolution (forward, per ResNet layer and algorithm)";
            case ReportPlan.ELEMENTWISE -> "Elementwise kernels";
            case ReportPlan.INFERENCE -> "ResNet inference";
            case ReportPlan.TRAINING -> "CIFAR ResNet-20 training step";
            default -> throw new IllegalArgumentException(section);
        };
    }

    /**
     * @param bits   the FMA probe's species width (0: unknown)
     * @param chains its chains (0: unknown)
     */
    static String description(String section, int bits, int chains) {
        return switch (section) {
            case ReportPlan.LIMITS -> String.format(Locale.ROOT, "The machine's own ceilings, measured in Java in "
                    + "this run, each thread free-running on its own data (JMH threads). **FMA peak**: %s "
                    + "independent chains of fused multiply-adds on the preferred %s species "
                    + "(`MachineProbes.fmaPeak`), GFLOP/s = 2 × lanes × chains × rounds / time. **stream add**: "
                    + "`out[i] = a[i] + b[i]` as a plain loop that C2 vectorises, the size (bytes per operand) "
                    + "shared out among the threads; GB/s at 12 bytes per element (a and b read, out written; "
                    + "write-allocate not counted; 1 GB = 10⁹ B). Every GFLOP/s below is also shown as %% of the FMA "
                    + "peak at the same thread count, every GB/s as %% of the stream add of the same size and "
                    + "thread count — a reference loop, not a hardware ceiling, which a kernel can pass (see the note "
                    + "under the table). A kernel call that splits work and joins pays for the threads meeting; these "
                    + "probes do not.", chains > 0 ? String.valueOf(chains) : "12–16",
                    bits > 0 ? bits + "-bit" : "widest");
            case ReportPlan.GEMM -> "Row-major SGEMM C = A·B (alpha 1, beta 0, no transposes) on seeded random "
                    + "matrices, square sizes and, in the full report, the im2col GEMMs of ResNet-50's convolutions "
                    + "(MxKxN: M output channels, K input channels × kernel area, N output pixels; batch 1, 224×224). "
                    + "GFLOP/s = "
                    + "2·M·N·K / time. ResVec: `GemmBenchmark` (`sgemm` on the vector kernels, `sgemmScalar` on the "
                    + "scalar ones). Peers on the same matrices, each in its own fork: **OpenBLAS** through "
                    + "`cblas_sgemm` called natively (java.lang.foreign, matrices in native memory) with the kernels "
                    + "it detects (auto) and, on x86 with AVX-512, forced to its SkylakeX (AVX-512) kernels with "
                    + "`OPENBLAS_CORETYPE` — the strongest native peer; **netlib-java 3.2** through its Vector API "
                    + "`VectorBLAS` and, in the full report, through JNI to the system `libblas.so.3` and its "
                    + "F2J-derived Java BLAS (a JVM without the Vector API); **EJML 0.46** (`CommonOps_FDRM` on 1 "
                    + "thread, `CommonOps_MT_FDRM` on more, in the full report). Every result is checked against "
                    + "double-precision dot products at the end of a trial.";
            case ReportPlan.CONV -> "Forward convolution of ResNet-18/50 layers (224×224 input) through "
                    + "`PreparedConvolution` — filters transformed or packed once, outside the timed call (the "
                    + "inference path) — per algorithm: Winograd F(4×4,3×3), im2col + GEMM, the 1×1 GEMM and, in the "
                    + "full report, Winograd F(2×2,3×3). Layers are RxR[sS]_C-K_H (an R×R kernel, stride S, C → K "
                    + "channels, an H×H input), bN the batch. Effective GFLOP/s = 2·N·K·C·R·S·outH·outW / time "
                    + "whatever the algorithm computes, so Winograd can pass the FMA peak. **PyTorch**: `F.conv2d` "
                    + "under no_grad (oneDNN on x86) in `bench/peers/torch_report.py`.";
            case ReportPlan.ELEMENTWISE -> "The memory-bound kernels of `Elementwise`; sizes are bytes per "
                    + "operand. GB/s = the bytes each element must move (reads + writes: 12 for add, add+ReLU, ReLU "
                    + "backward and axpy, 8 for ReLU, scale, bias, affine and softmax, 4 for the channel sums and "
                    + "the row max) × elements / time, 1 GB = 10⁹ B. `add` (the residual add, out of place and in "
                    + "place) and `addRelu` split across threads from 256 KiB per operand (a smaller call is not "
                    + "worth the hand-off, so its all-threads row is a 1-thread call); the other kernels are "
                    + "single-threaded in the API. Channel kernels see 64 channels, row kernels rows of 1024.";
            case ReportPlan.INFERENCE -> String.format(Locale.ROOT, "Latency of one forward pass of torchvision's "
                    + "ResNet-18 and, in the full report, ResNet-50 (random weights, eval mode, 224×224, bN the "
                    + "batch). ResVec: `Predictor` (batch norm folded, filters prepared, per-thread scratch). **PyTorch**: the "
                    + "torchvision model under no_grad. **ONNX Runtime** for Java 1.29 (CPU execution provider, all "
                    + "graph optimisations, intra-op threads = threads) on the same models exported to ONNX by the "
                    + "PyTorch script. images/s = batch / time; GFLOP/s = batch × 2·MACs of the convolutions and the "
                    + "classifier (%.3f GFLOP per resnet18 image, %.3f per resnet50) / time.",
                    ModelFlops.forward("resnet18") / 1e9, ModelFlops.forward("resnet50") / 1e9);
            case ReportPlan.TRAINING -> String.format(Locale.ROOT, "One training step of the CIFAR ResNet-20 (He et "
                    + "al. 2015 §4.2, with torchvision's 1×1 conv + BN projection shortcuts) at batch 64: forward in "
                    + "training mode (batch statistics), cross-entropy, backward, SGD with Nesterov momentum 0.9, "
                    + "weight decay 5e-4. ResVec: `TrainStepBenchmark`, i.e. `Trainer.step`, what `resvec train` "
                    + "runs per batch (its tensor arena, the fused batch norm), on augmented batches of the embedded "
                    + "shapes set; **PyTorch**: the same architecture and optimiser on random 32×32 images in "
                    + "`bench/peers/torch_report.py`. GFLOP/s = 3 × batch × %.4f GFLOP (the forward's 2·MACs per "
                    + "image; backward counted as twice the forward) / time.", ModelFlops.forward("resnet20") / 1e9);
            default -> throw new IllegalArgumentException(section);
        };
    }
}
