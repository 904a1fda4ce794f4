package dev.resvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Coverage, order and determinism of the loader, and its augmentation checked against explicit crops and flips. */
class DataLoaderTest {
    private static final int C = 3;
    private static final int H = 6;
    private static final int W = 5;
    private static final IndexDataset DATA = new IndexDataset(103, C, H, W, 10);

    /** @return the dataset indices of an epoch's batches, read back from the (untransformed) pixels */
    private static List<int[]> indices(Iterable<Batch> epoch) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : epoch) {
            float[] x = b.images().toFloatArray();
            int[] idx = new int[b.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = IndexDataset.indexOf(x, i * C * H * W);
                assertEquals(idx[i] % 10, b.labels()[i], "label of image " + idx[i]);
            }
            out.add(idx);
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everyIndexOnceAndBatchesOfTheRightSizeAndShape() {
        DataLoader loader = DataLoader.builder(DATA).batchSize(10).seed(1).build();
        assertEquals(103, loader.size());
        assertEquals(11, loader.batches());
        List<int[]> batches = indices(loader.epoch(0));
        assertEquals(11, batches.size());
        for (int b = 0; b < 10; b++) {
            assertEquals(10, batches.get(b).length);
        }
        assertEquals(3, batches.get(10).length, "the last batch holds the remainder");
        int[] all = flat(batches);
        Arrays.sort(all);
        int[] expected = new int[103];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, all);
        Batch first = loader.epoch(0).iterator().next();
        assertArrayEquals(new int[] {10, C, H, W}, first.images().shape());
        assertEquals(DType.FLOAT32, first.images().dtype());
    }

    @Test
    void dropLastLeavesOutTheIncompleteBatchOnly() {
        DataLoader loader = DataLoader.builder(DATA).batchSize(10).dropLast(true).seed(1).build();
        assertEquals(10, loader.batches());
        assertEquals(100, loader.imagesPerEpoch());
        for (int e = 0; e < 3; e++) {
            List<int[]> batches = indices(loader.epoch(e));
            assertEquals(10, batches.size());
            int[] all = flat(batches);
            assertEquals(100, Arrays.stream(all).distinct().count(), "no index twice");
            int[] order = loader.order(e);
            assertArrayEquals(Arrays.copyOf(order, 100), all, "the dropped ones are the last three of the order");
        }
        DataLoader exact = DataLoader.builder(new IndexDataset(20, C, H, W, 10)).batchSize(10).dropLast(true).build();
        assertEquals(2, exact.batches());
    }

    @Test
    void eachEpochHasItsOwnOrderAndTheSameSeedRepeatsIt() {
        DataLoader a = DataLoader.builder(DATA).batchSize(16).seed(42).build();
        DataLoader b = DataLoader.builder(DATA).batchSize(16).seed(42).build();
        DataLoader c = DataLoader.builder(DATA).batchSize(16).seed(43).build();
        int[] e0 = flat(indices(a.epoch(0)));
        int[] e1 = flat(indices(a.epoch(1)));
        assertFalse(Arrays.equals(e0, e1), "epochs differ");
        assertArrayEquals(e0, flat(indices(b.epoch(0))), "same seed, same order");
        assertArrayEquals(e1, flat(indices(b.epoch(1))));
        assertArrayEquals(e0, flat(indices(a.epoch(0))), "iterating again repeats the epoch");
        assertFalse(Arrays.equals(e0, flat(indices(c.epoch(0)))), "another seed, another order");
        int[] identity = new int[103];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(identity, e0), "shuffled");
        DataLoader plain = DataLoader.builder(DATA).batchSize(16).shuffle(false).build();
        assertArrayEquals(identity, flat(indices(plain.epoch(5))), "no shuffling: index order");
    }

    @Test
    void iteratingTheLoaderRunsEpochZeroThenOneThenTwo() {
        DataLoader a = DataLoader.builder(DATA).batchSize(16).seed(7).build();
        DataLoader ref = DataLoader.builder(DATA).batchSize(16).seed(7).build();
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(flat(indices(ref.epoch(e))), flat(indices(a)), "epoch " + e);
        }
    }

    @Test
    void augmentationIsACropAndMaybeAFlipOfTheImageIndependentOfBatchingAndThreads() throws Exception {
        int p = 2;
        IndexDataset data = new IndexDataset(300, C, H, W, 10);
        List<Transform> aug = List.of(new RandomCrop(p), new HorizontalFlip(0.5));
        DataLoader single = DataLoader.builder(data).batchSize(7).seed(9).transforms(aug).build();
        Map<Integer, float[]> byIndex = new HashMap<>();
        int[] order = single.order(0);
        int k = 0;
        for (Batch b : single.epoch(0)) {
            float[] x = b.images().toFloatArray();
            for (int i = 0; i < b.size(); i++) {
                byIndex.put(order[k++], Arrays.copyOfRange(x, i * C * H * W, (i + 1) * C * H * W));
            }
        }
        int flips = 0;
        int[][] offsets = new int[2 * p + 1][2 * p + 1];
        for (int idx = 0; idx < data.size; idx++) {
            float[] out = byIndex.get(idx);
            int matches = 0;
            for (int top = 0; top <= 2 * p; top++) {
                for (int left = 0; left <= 2 * p; left++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (Arrays.equals(out, cropFlip(idx, p, top, left, flip))) {
                            matches++;
                            offsets[top][left]++;
                            flips += flip ? 1 : 0;
                        }
                    }
                }
            }
            assertEquals(1, matches, "image " + idx + " is exactly one crop/flip of itself");
        }
        assertTrue(flips > 110 && flips < 190, "about half flipped: " + flips);
        for (int[] row : offsets) {
            for (int count : row) {
                assertTrue(count > 0, "every offset occurs");
            }
        }
        // other batch sizes, threads and loaders with the same seed give the same image for the same index
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            DataLoader threaded = DataLoader.builder(data).batchSize(64).seed(9).transforms(aug)
                    .executor(pool, 5).build();
            int[] order2 = threaded.order(0);
            assertArrayEquals(order, order2);
            int j = 0;
            for (Batch b : threaded.epoch(0)) {
                float[] x = b.images().toFloatArray();
                for (int i = 0; i < b.size(); i++) {
                    assertArrayEquals(byIndex.get(order2[j++]),
                            Arrays.copyOfRange(x, i * C * H * W, (i + 1) * C * H * W));
                }
            }
        } finally {
            pool.shutdown();
        }
        // another epoch draws other crops
        float[] again = flat1(DataLoader.builder(data).batchSize(300).shuffle(false).seed(9).transforms(aug).build(),
                1);
        int differ = 0;
        for (int idx = 0; idx < data.size; idx++) {
            if (!Arrays.equals(byIndex.get(idx), Arrays.copyOfRange(again, idx * C * H * W, (idx + 1) * C * H * W))) {
                differ++;
            }
        }
        assertTrue(differ > 250, "epoch 1 augments differently: " + differ + " of 300 differ");
    }

    private static float[] flat1(DataLoader loader, int epoch) {
        return loader.epoch(epoch).iterator().next().images().toFloatArray();
    }

    /** Image {@code idx} zero-padded by p, cropped at (top, left), mirrored if asked: written out directly. */
    private static float[] cropFlip(int idx, int p, int top, int left, boolean flip) {
        float[] out = new float[C * H * W];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sx = flip ? W - 1 - x : x; // the flip runs after the crop
                    int py = y + top - p;
                    int px = sx + left - p;
                    boolean inside = py >= 0 && py < H && px >= 0 && px < W;
                    out[c * H * W + y * W + x] = inside ? IndexDataset.value(idx, c, py, px) : 0f;
                }
            }
        }
        return out;
    }

    @Test
    void normalizationInTheLoader() {
        float[] mean = {1000f, 2000f, 3000f};
        float[] std = {10f, 20f, 40f};
        DataLoader loader = DataLoader.builder(DATA).batchSize(103).shuffle(false)
                .transforms(new Normalize(mean, std)).build();
        float[] x = flat1(loader, 0);
        for (int i = 0; i < 103; i++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int xx = 0; xx < W; xx++) {
                        double expected = (IndexDataset.value(i, c, y, xx) - (double) mean[c]) / std[c];
                        float actual = x[((i * C + c) * H + y) * W + xx];
                        assertEquals(expected, actual, Math.abs(expected) * 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void errorsOfTheDatasetReachTheCallerFromEveryThread() {
        Dataset broken = new IndexDataset(50, C, H, W, 10) {
            @Override
            public int get(int index, float[] dst, int offset) {
                if (index == 37) {
                    throw new IllegalStateException("image 37 is broken");
                }
                return super.get(index, dst, offset);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            DataLoader loader = DataLoader.builder(broken).batchSize(50).executor(pool, 4).build();
            assertEquals("image 37 is broken", assertThrows(IllegalStateException.class,
                    () -> loader.epoch(0).iterator().next()).getMessage());
        } finally {
            pool.shutdown();
        }
        Dataset badLabel = new IndexDataset(5, C, H, W, 10) {
            @Override
            public int get(int index, float[] dst, int offset) {
                super.get(index, dst, offset);
                return 10;
            }
        };
        assertTrue(assertThrows(IllegalStateException.class,
                () -> DataLoader.builder(badLabel).build().epoch(0).iterator().next()).getMessage()
                .contains("has label 10, outside 0..9"));
    }

    @Test
    void builderChecksItsArguments() {
        var b = DataLoader.builder(DATA);
        assertThrows(IllegalArgumentException.class, () -> b.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.executor(null, 0));
        assertThrows(IllegalArgumentException.class, () -> b.build().epoch(-1));
        var it = DataLoader.builder(new IndexDataset(3, C, H, W, 10)).batchSize(5).build().epoch(0).iterator();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
        assertNotEquals(0, DataLoader.builder(DATA).build().batches());
    }
}
