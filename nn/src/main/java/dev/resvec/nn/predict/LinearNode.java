package dev.resvec.nn.predict;

import dev.resvec.kernels.Gemm;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;

/**
 * A fully connected layer on flattened activations, one GEMM per call: {@code out = x·Wᵀ + b} with the bias (and
 * an optional ReLU) fused into the GEMM's write-back. {@code W} keeps PyTorch's out×in layout and is read
 * transposed.
 */
record LinearNode(String name, int input, int output, int inFeatures, int outFeatures, float[] weight, float[] bias,
                  boolean relu) implements Node {

    @Override
    public Dims outDims(Dims in) {
        if ((long) in.channels() * in.height() * in.width() != inFeatures) {
            throw new IllegalArgumentException("Predictor: layer '" + name + "' expects " + inFeatures
                    + " input features, got " + in + " = " + (long) in.channels() * in.height() * in.width()
                    + " (a different input size?)");
        }
        return new Dims(outFeatures, 1, 1);
    }

    @Override
    public Step bind(Dims in) {
        GemmEpilogue e = GemmEpilogue.none();
        if (bias != null) {
            e = e.withColumnBias(bias, 0);
        }
        GemmEpilogue epilogue = relu ? e.withRelu() : e;
        return new Step() {
            @Override
            public void run(Arena a, int batch, Parallelism parallelism) {
                Gemm.sgemm(false, true, batch, outFeatures, inFeatures, 1f, a.array(input), a.offset(input),
                        inFeatures, weight, 0, inFeatures, 0f, a.array(output), a.offset(output), outFeatures,
                        epilogue, parallelism);
            }

            @Override
            public String toString() {
                return name + ": linear " + inFeatures + " -> " + outFeatures + (bias != null ? " +bias" : "")
                        + (relu ? " +relu" : "");
            }
        };
    }
}
