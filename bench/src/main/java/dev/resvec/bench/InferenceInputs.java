package dev.resvec.bench;

import java.util.SplittableRandom;

/**
 * The one input every inference measurement of a 224×224 ResNet uses (ResVec's {@link PredictorBenchmark}, ONNX
 * Runtime's {@link OrtInferenceBenchmark} and {@link OrtLayerProfile}): seeded values in [-1, 1), so that the peers
 * compute on the same numbers.
 */
final class InferenceInputs {
    private InferenceInputs() {}

    /** @return {@code batch} RGB 224×224 images, NCHW, from the fixed seed */
    static float[] images(int batch) {
        SplittableRandom random = new SplittableRandom(20261127L);
        float[] data = new float[batch * 3 * 224 * 224];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble(-1, 1);
        }
        return data;
    }
}
