package dev.resvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    private static final IndexDataset DATA = new IndexDataset(1000, 2, 3, 4, 7);

    private static int[] sourceIndices(Dataset part) {
        float[] img = new float[part.imageElements()];
        int[] out = new int[part.size()];
        for (int i = 0; i < out.length; i++) {
            int label = part.get(i, img, 0);
            out[i] = IndexDataset.indexOf(img, 0);
            assertEquals(out[i] % 7, label);
            assertEquals(label, part.label(i));
        }
        return out;
    }

    @Test
    void splitIsADisjointCoverOfTheRequestedSizes() {
        Split s = Datasets.split(DATA, 0.1, 5);
        assertEquals(900, s.train().size());
        assertEquals(100, s.heldOut().size());
        int[] train = sourceIndices(s.train());
        int[] held = sourceIndices(s.heldOut());
        int[] all = IntStream.concat(Arrays.stream(train), Arrays.stream(held)).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 1000).toArray(), all);
        assertTrue(IntStream.range(1, train.length).allMatch(i -> train[i] > train[i - 1]), "kept in index order");
        assertEquals(DATA.classNames(), s.train().classNames());
        assertArrayEquals(DATA.imageShape(), s.heldOut().imageShape());
        assertEquals(7, s.heldOut().numClasses());
    }

    @Test
    void splitDependsOnTheSeedOnly() {
        int[] a = sourceIndices(Datasets.split(DATA, 0.2, 1).heldOut());
        assertArrayEquals(a, sourceIndices(Datasets.split(DATA, 0.2, 1).heldOut()));
        assertFalse(Arrays.equals(a, sourceIndices(Datasets.split(DATA, 0.2, 2).heldOut())));
        assertFalse(Arrays.equals(a, IntStream.range(0, 200).toArray()), "random, not the first images");
    }

    @Test
    void splitRejectsFractionsThatLeaveAPartEmpty() {
        assertThrows(IllegalArgumentException.class, () -> Datasets.split(DATA, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Datasets.split(DATA, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Datasets.split(DATA, Double.NaN, 1));
        assertEquals("split: holding out 1.0E-4 of 1000 images leaves no held-out images",
                assertThrows(IllegalArgumentException.class, () -> Datasets.split(DATA, 1e-4, 1)).getMessage());
    }

    @Test
    void rangeAndSubset() {
        assertArrayEquals(new int[] {10, 11, 12}, sourceIndices(Datasets.range(DATA, 10, 13)));
        assertArrayEquals(new int[] {5, 5, 999, 0}, sourceIndices(Datasets.subset(DATA, 5, 5, 999, 0)));
        assertThrows(IndexOutOfBoundsException.class, () -> Datasets.range(DATA, 10, 1001));
        assertThrows(IndexOutOfBoundsException.class, () -> Datasets.subset(DATA, 1000));
        assertThrows(IndexOutOfBoundsException.class, () -> Datasets.range(DATA, 0, 3).get(3, new float[24], 0));
    }

    @Test
    void channelStatsArePopulationMeanAndStdPerChannel() {
        IndexDataset small = new IndexDataset(5, 2, 3, 4, 7);
        // two-pass, straight from the definition
        double[] mean = new double[2];
        double[] var = new double[2];
        for (int c = 0; c < 2; c++) {
            double s = 0;
            for (int i = 0; i < 5; i++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        s += IndexDataset.value(i, c, y, x);
                    }
                }
            }
            mean[c] = s / 60;
            double q = 0;
            for (int i = 0; i < 5; i++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        q += Math.pow(IndexDataset.value(i, c, y, x) - mean[c], 2);
                    }
                }
            }
            var[c] = q / 60;
        }
        ChannelStats st = Datasets.channelStats(small);
        for (int c = 0; c < 2; c++) {
            assertEquals(mean[c], st.mean()[c], mean[c] * 1e-6);
            assertEquals(Math.sqrt(var[c]), st.std()[c], Math.sqrt(var[c]) * 1e-5);
        }
        // at most 2 images: images 0 and 2 (floor(k·5/2))
        ChannelStats two = Datasets.channelStats(small, 2);
        ChannelStats direct = Datasets.channelStats(Datasets.subset(small, 0, 2));
        assertEquals(direct, two);
        assertThrows(IllegalArgumentException.class, () -> Datasets.channelStats(small, 0));
    }
}
