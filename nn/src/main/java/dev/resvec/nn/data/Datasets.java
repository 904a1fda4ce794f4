package dev.resvec.nn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Views of datasets (splits, ranges, subsets) and their per-channel statistics. */
public final class Datasets {
    private Datasets() {}

    /**
     * Splits a dataset at random into a training and a held-out part, like PyTorch's {@code random_split}: a
     * permutation drawn from {@code seed} picks {@code round(size · heldOutFraction)} held-out images; the rest
     * train. Both parts keep the images in their original order (the loader shuffles them). The same seed gives the
     * same split.
     *
     * @param dataset         the dataset to split
     * @param heldOutFraction the fraction held out, in (0, 1)
     * @param seed            the seed of the permutation
     * @return the two parts, views of {@code dataset} (nothing is copied)
     * @throws IllegalArgumentException when the fraction is outside (0, 1) or would leave a part empty
     */
    public static Split split(Dataset dataset, double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("split: heldOutFraction must be in (0, 1), got " + heldOutFraction);
        }
        int n = dataset.size();
        int heldOut = (int) Math.round(n * heldOutFraction);
        if (heldOut == 0 || heldOut == n) {
            throw new IllegalArgumentException("split: holding out " + heldOutFraction + " of " + n
                    + " images leaves " + (heldOut == 0 ? "no held-out" : "no training") + " images");
        }
        int[] perm = permutation(n, new SplittableRandom(Seeds.derive(seed, Seeds.SPLIT)));
        int[] held = Arrays.copyOf(perm, heldOut);
        int[] train = Arrays.copyOfRange(perm, heldOut, n);
        Arrays.sort(held);
        Arrays.sort(train);
        return new Split(new Subset(dataset, train), new Subset(dataset, held));
    }

    /**
     * @param dataset the dataset
     * @param from    the first image, inclusive
     * @param to      the last image, exclusive
     * @return a view of images {@code from .. to-1}
     * @throws IndexOutOfBoundsException when the range is not within the dataset
     */
    public static Dataset range(Dataset dataset, int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, dataset.size());
        int[] idx = new int[to - from];
        Arrays.setAll(idx, i -> from + i);
        return new Subset(dataset, idx);
    }

    /**
     * @param dataset the dataset
     * @param indices the images to keep, in this order (repeats allowed)
     * @return a view of the chosen images
     * @throws IndexOutOfBoundsException when an index is out of range
     */
    public static Dataset subset(Dataset dataset, int... indices) {
        int n = dataset.size();
        for (int i : indices) {
            java.util.Objects.checkIndex(i, n);
        }
        return new Subset(dataset, indices.clone());
    }

    /**
     * Computes each channel's mean and population standard deviation over every pixel of every image (in double,
     * image by image in index order, so the result does not depend on anything but the data).
     *
     * @param dataset the dataset
     * @return the statistics, for {@link Normalize}
     */
    public static ChannelStats channelStats(Dataset dataset) {
        return channelStats(dataset, dataset.size());
    }

    /**
     * Like {@link #channelStats(Dataset)}, over at most {@code maxImages} images spread evenly over the dataset
     * (images {@code floor(k · size / maxImages)}), for large or generated datasets.
     *
     * @param dataset   the dataset
     * @param maxImages the most images to read, at least 1
     * @return the statistics
     */
    public static ChannelStats channelStats(Dataset dataset, int maxImages) {
        if (maxImages < 1) {
            throw new IllegalArgumentException("channelStats: maxImages must be at least 1, got " + maxImages);
        }
        int n = dataset.size();
        if (n == 0) {
            throw new IllegalArgumentException("channelStats: the dataset is empty");
        }
        int[] shape = dataset.imageShape();
        int c = shape[0];
        int plane = shape[1] * shape[2];
        int count = Math.min(n, maxImages);
        float[] img = new float[c * plane];
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        for (int k = 0; k < count; k++) {
            dataset.get((int) ((long) k * n / count), img, 0);
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                double q = 0;
                for (int p = ch * plane, end = p + plane; p < end; p++) {
                    s += img[p];
                    q += (double) img[p] * img[p];
                }
                sum[ch] += s;
                sumSq[ch] += q;
            }
        }
        double pixels = (double) count * plane;
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / pixels;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(0, sumSq[ch] / pixels - m * m));
        }
        return new ChannelStats(mean, std);
    }

    /** @return a uniformly random permutation of 0..n-1 (Fisher–Yates) */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, rng);
        return p;
    }

    /** Shuffles {@code a} in place (Fisher–Yates, Knuth's Algorithm P). */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
