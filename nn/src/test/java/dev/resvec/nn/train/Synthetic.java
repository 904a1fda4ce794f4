package dev.resvec.nn.train;

import dev.resvec.core.Tensor;
import dev.resvec.nn.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small learnable data sets drawn from a seed, for training tests. */
final class Synthetic {
    private Synthetic() {}

    /**
     * Two Gaussian blobs in the plane, class 0 around (−1.5, −1) and class 1 around (1.5, 1), σ = 0.6: separable
     * by a line up to a few points.
     *
     * @return {@code batches} batches of {@code batchSize} 2-vectors, classes alternating
     */
    static List<Batch> blobs(long seed, int batches, int batchSize) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] x = new float[batchSize * 2];
            int[] y = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                y[i] = (b * batchSize + i) % 2;
                double sign = y[i] == 0 ? -1 : 1;
                x[2 * i] = (float) (sign * 1.5 + 0.6 * r.nextGaussian());
                x[2 * i + 1] = (float) (sign * 1.0 + 0.6 * r.nextGaussian());
            }
            out.add(new Batch(Tensor.fromArray(x, batchSize, 2), y));
        }
        return out;
    }

    /** @return the same batches with every label flipped (0 ↔ 1): data whose loss rises as the model learns */
    static List<Batch> flipped(List<Batch> batches) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : batches) {
            int[] y = b.labels();
            for (int i = 0; i < y.length; i++) {
                y[i] = 1 - y[i];
            }
            out.add(new Batch(b.images(), y));
        }
        return out;
    }

    /**
     * 3×size×size images of four classes: stripes along rows (classes 0, 1) or along columns (2, 3), of a random
     * period in [3, 7) and phase, over Gaussian noise (σ 0.3), with the red channel (even classes) or the blue
     * channel (odd classes) brighter by 0.5. A small convolutional network tells them apart in a few epochs.
     *
     * @return {@code batches} batches of {@code batchSize} images, the classes in turn
     */
    static List<Batch> stripes(long seed, int batches, int batchSize, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Batch> out = new ArrayList<>();
        int plane = size * size;
        for (int b = 0; b < batches; b++) {
            float[] x = new float[batchSize * 3 * plane];
            int[] y = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                int label = (b * batchSize + i) % 4;
                y[i] = label;
                boolean alongRows = label < 2;
                int tinted = label % 2 == 0 ? 0 : 2;
                double period = 3 + 4 * r.nextDouble();
                double phase = 2 * Math.PI * r.nextDouble();
                for (int c = 0; c < 3; c++) {
                    for (int h = 0; h < size; h++) {
                        for (int w = 0; w < size; w++) {
                            double stripe = Math.sin(2 * Math.PI * (alongRows ? h : w) / period + phase);
                            double v = stripe + 0.3 * r.nextGaussian() + (c == tinted ? 0.5 : 0);
                            x[((i * 3 + c) * size + h) * size + w] = (float) v;
                        }
                    }
                }
            }
            out.add(new Batch(Tensor.fromArray(x, batchSize, 3, size, size), y));
        }
        return out;
    }
}
