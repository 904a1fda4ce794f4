package dev.resvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class EmbeddedShapesTest {
    private static final int N = 3 * 32 * 32;

    private static float[] image(Dataset d, int i) {
        float[] a = new float[N];
        d.get(i, a, 0);
        return a;
    }

    @Test
    void tenClassesOf32x32RgbInTheUnitInterval() {
        EmbeddedShapes d = new EmbeddedShapes(1, 500);
        assertEquals(500, d.size());
        assertEquals(10, d.numClasses());
        assertEquals(10, d.classNames().stream().distinct().count());
        assertArrayEquals(new int[] {3, 32, 32}, d.imageShape());
        for (int i = 0; i < d.size(); i++) {
            float[] a = image(d, i);
            float min = 1;
            float max = 0;
            for (float v : a) {
                assertTrue(v >= 0 && v <= 1, "image " + i + " has value " + v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max - min > 0.3, "image " + i + " has contrast");
        }
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(500, new float[N], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(0, new float[N], 1));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedShapes(1, -1));
    }

    @Test
    void everyClassHasATenthOfEachPart() {
        Split s = EmbeddedShapes.split(3);
        assertEquals(EmbeddedShapes.DEFAULT_TRAIN, s.train().size());
        assertEquals(EmbeddedShapes.DEFAULT_HELD_OUT, s.heldOut().size());
        int[] train = new int[10];
        int[] held = new int[10];
        for (int i = 0; i < s.train().size(); i++) {
            train[s.train().label(i)]++;
        }
        for (int i = 0; i < s.heldOut().size(); i++) {
            held[s.heldOut().label(i)]++;
        }
        int[] t = new int[10];
        int[] h = new int[10];
        Arrays.fill(t, 2000);
        Arrays.fill(h, 200);
        assertArrayEquals(t, train);
        assertArrayEquals(h, held);
        // label() agrees with get()
        for (int i = 0; i < 30; i++) {
            assertEquals(s.heldOut().label(i), s.heldOut().get(i, new float[N], 0));
        }
    }

    @Test
    void imagesDependOnSeedAndIndexOnly() throws Exception {
        EmbeddedShapes a = new EmbeddedShapes(11, 200);
        EmbeddedShapes b = new EmbeddedShapes(11, 1000);
        // another order, another instance, another size: the same image
        for (int i = 199; i >= 0; i -= 3) {
            assertArrayEquals(image(a, i), image(b, i), "image " + i);
        }
        Split s = EmbeddedShapes.split(11, 150, 50);
        assertArrayEquals(image(a, 170), image(s.heldOut(), 20), "held-out images are indices after the training ones");
        assertFalse(Arrays.equals(image(a, 5), image(new EmbeddedShapes(12, 200), 5)), "another seed");
        assertFalse(Arrays.equals(image(a, 5), image(a, 15)), "another index of the same class");
        // many threads at once: the same images
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            DataLoader loader = DataLoader.builder(a).batchSize(200).shuffle(false).executor(pool, 8).build();
            float[] all = loader.epoch(0).iterator().next().images().toFloatArray();
            for (int i = 0; i < 200; i++) {
                assertArrayEquals(image(a, i), Arrays.copyOfRange(all, i * N, (i + 1) * N));
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Simple features that need no learning: from the grey image (channel mean) standardised per image — so colour
     * and contrast drop out — the mean absolute difference between horizontal and between vertical neighbours, at
     * distances 1 and 3, and the fraction of pixels above the image mean.
     */
    private static double[] features(float[] img) {
        double[] g = new double[1024];
        double mean = 0;
        for (int p = 0; p < 1024; p++) {
            g[p] = (img[p] + img[1024 + p] + img[2048 + p]) / 3.0;
            mean += g[p] / 1024;
        }
        double var = 0;
        for (double v : g) {
            var += (v - mean) * (v - mean) / 1024;
        }
        double sd = Math.sqrt(var) + 1e-6;
        double above = 0;
        for (int p = 0; p < 1024; p++) {
            g[p] = (g[p] - mean) / sd;
            above += g[p] > 0 ? 1.0 / 1024 : 0;
        }
        double[] f = new double[5];
        for (int k = 0; k < 2; k++) {
            int lag = k == 0 ? 1 : 3;
            double h = 0;
            double v = 0;
            for (int y = 0; y < 32 - lag; y++) {
                for (int x = 0; x < 32 - lag; x++) {
                    h += Math.abs(g[y * 32 + x + lag] - g[y * 32 + x]);
                    v += Math.abs(g[(y + lag) * 32 + x] - g[y * 32 + x]);
                }
            }
            f[2 * k] = h;
            f[2 * k + 1] = v;
        }
        f[4] = above;
        return f;
    }

    @Test
    void classesAreDistinguishableBySimpleFeatures() {
        Split s = EmbeddedShapes.split(5, 2000, 1000);
        int nf = 5;
        double[][] sum = new double[10][nf];
        int[] count = new int[10];
        double[][] trainF = new double[2000][];
        for (int i = 0; i < 2000; i++) {
            trainF[i] = features(image(s.train(), i));
        }
        // standardise each feature over the training images
        double[] mu = new double[nf];
        double[] sd = new double[nf];
        for (double[] f : trainF) {
            for (int j = 0; j < nf; j++) {
                mu[j] += f[j] / 2000;
            }
        }
        for (double[] f : trainF) {
            for (int j = 0; j < nf; j++) {
                sd[j] += (f[j] - mu[j]) * (f[j] - mu[j]) / 2000;
            }
        }
        for (int j = 0; j < nf; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }
        for (int i = 0; i < 2000; i++) {
            int c = s.train().label(i);
            count[c]++;
            for (int j = 0; j < nf; j++) {
                sum[c][j] += (trainF[i][j] - mu[j]) / sd[j];
            }
        }
        int correct = 0;
        int[][] confusion = new int[10][10];
        for (int i = 0; i < 1000; i++) {
            double[] f = features(image(s.heldOut(), i));
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int c = 0; c < 10; c++) {
                double d = 0;
                for (int j = 0; j < nf; j++) {
                    double z = (f[j] - mu[j]) / sd[j] - sum[c][j] / count[c];
                    d += z * z;
                }
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            int truth = s.heldOut().label(i);
            confusion[truth][best]++;
            correct += best == truth ? 1 : 0;
        }
        System.out.println("nearest class mean: " + correct / 10.0 + " % of held-out; confusion "
                + Arrays.deepToString(confusion));
        // chance is 10 % (sd 1 % over 1000 images); these features separate the textures from each other and from
        // the shapes, but not the shapes among themselves: about 30 % with this seed
        assertTrue(correct > 200, "nearest class mean on simple features: " + correct / 10.0 + " %");
    }
}
