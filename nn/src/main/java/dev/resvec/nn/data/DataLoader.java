package dev.resvec.nn.data;

import dev.resvec.core.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a {@link Dataset} into batches: seeded shuffling per epoch, the transform pipeline on each image, N×C×H×W
 * FLOAT32 tensors.
 *
 * <p><b>Epochs.</b> {@link #epoch(int) epoch(e)} iterates epoch {@code e}; its order is a permutation drawn from
 * (seed, e), so every epoch has its own order and the same seed repeats it. Iterating the loader itself
 * ({@code for (Batch b : loader)}) runs epoch 0 the first time, epoch 1 the next, and so on.
 *
 * <p><b>Determinism.</b> Each image's transforms draw from a generator seeded by (seed, epoch, the image's dataset
 * index), never from a shared one, so a batch is bitwise the same whether it is assembled on one thread or on
 * several ({@link Builder#executor}), and whatever the batch size.
 *
 * <p>Every index appears exactly once per epoch; with {@link Builder#dropLast(boolean) dropLast} the last,
 * incomplete batch is left out, else it is smaller. Loaders are immutable apart from the epoch counter of
 * {@link #iterator()}, and may be iterated by several threads at once; an iterator belongs to one thread.
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final List<Transform> transforms;
    private final Executor executor;
    private final int tasks;
    private final int channels;
    private final int height;
    private final int width;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.transforms = List.copyOf(b.transforms);
        this.executor = b.executor;
        this.tasks = b.tasks;
        int[] shape = dataset.imageShape();
        this.channels = shape[0];
        this.height = shape[1];
        this.width = shape[2];
    }

    /**
     * @param dataset the images
     * @return a builder with batch size 64, shuffling on, the last incomplete batch kept, seed 0, no transforms
     *         and no executor
     */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** @return the dataset */
    public Dataset dataset() {
        return dataset;
    }

    /** @return the number of images in the dataset */
    public int size() {
        return dataset.size();
    }

    /** @return the number of images an epoch yields: {@link #size()}, less the dropped remainder under dropLast */
    public int imagesPerEpoch() {
        return dropLast ? size() / batchSize * batchSize : size();
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return the number of batches per epoch */
    public int batches() {
        int n = size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * @param epoch the epoch, at least 0
     * @return the dataset indices in the order epoch {@code epoch} visits them (all of them, dropped ones last):
     *         the identity without shuffling
     */
    public int[] order(int epoch) {
        checkEpoch(epoch);
        int[] p = new int[size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        if (shuffle) {
            Datasets.shuffle(p, new SplittableRandom(Seeds.derive(seed, Seeds.SHUFFLE, epoch)));
        }
        return p;
    }

    /**
     * @param epoch the epoch, at least 0
     * @return the batches of that epoch, assembled lazily as the iteration reaches them; iterating twice gives the
     *         same batches
     */
    public Iterable<Batch> epoch(int epoch) {
        checkEpoch(epoch);
        return () -> new EpochIterator(epoch);
    }

    /** @return the batches of the next epoch: epoch 0 on the first call, then 1, 2, ... */
    @Override
    public Iterator<Batch> iterator() {
        return new EpochIterator(nextEpoch.getAndIncrement());
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader: epoch must be at least 0, got " + epoch);
        }
    }

    /** Assembles the batch of the given dataset indices for an epoch. */
    Batch assemble(int epoch, int[] indices) {
        int n = indices.length;
        int elements = channels * height * width;
        float[] data = new float[n * elements];
        int[] labels = new int[n];
        int parts = executor == null ? 1 : Math.min(tasks, n);
        if (parts <= 1) {
            fill(epoch, indices, 0, n, data, labels);
        } else {
            List<CompletableFuture<Void>> futures = new ArrayList<>(parts);
            for (int t = 0; t < parts; t++) {
                int from = (int) ((long) n * t / parts);
                int to = (int) ((long) n * (t + 1) / parts);
                futures.add(CompletableFuture.runAsync(() -> fill(epoch, indices, from, to, data, labels), executor));
            }
            try {
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
        return new Batch(Tensor.fromArray(data, n, channels, height, width), labels);
    }

    private void fill(int epoch, int[] indices, int from, int to, float[] data, int[] labels) {
        int elements = channels * height * width;
        for (int p = from; p < to; p++) {
            int idx = indices[p];
            int off = p * elements;
            int label = dataset.get(idx, data, off);
            if (label < 0 || label >= dataset.numClasses()) {
                throw new IllegalStateException("DataLoader: image " + idx + " has label " + label
                        + ", outside 0.." + (dataset.numClasses() - 1));
            }
            labels[p] = label;
            if (!transforms.isEmpty()) {
                SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.AUGMENT, epoch, idx));
                for (Transform t : transforms) {
                    t.apply(data, off, channels, height, width, rng);
                }
            }
        }
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final int epoch;
        private final int[] order;
        private final int end;
        private int next;

        EpochIterator(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.end = imagesPerEpoch();
        }

        @Override
        public boolean hasNext() {
            return next < end;
        }

        @Override
        public Batch next() {
            if (next >= end) {
                throw new NoSuchElementException("DataLoader: epoch " + epoch + " has " + batches() + " batches");
            }
            int to = Math.min(end, next + batchSize);
            int[] idx = java.util.Arrays.copyOfRange(order, next, to);
            next = to;
            return assemble(epoch, idx);
        }
    }

    /** Options of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 64;
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed;
        private List<Transform> transforms = List.of();
        private Executor executor;
        private int tasks = 1;

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            int[] s = dataset.imageShape();
            if (s.length != 3 || s[0] < 1 || s[1] < 1 || s[2] < 1) {
                throw new IllegalArgumentException("DataLoader: dataset image shape must be {C, H, W}, got "
                        + java.util.Arrays.toString(s));
            }
        }

        /**
         * @param batchSize images per batch, at least 1
         * @return this
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("DataLoader: batchSize must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param shuffle whether each epoch visits the images in its own random order (else in index order)
         * @return this
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * @param dropLast whether to leave out the last batch of an epoch when it is smaller than the batch size
         * @return this
         */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * @param seed the seed of the shuffling and of the transforms' random choices
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param transforms the pipeline, applied in this order to each image (e.g.
         *                   {@link Transform#standardAugmentation})
         * @return this
         */
        public Builder transforms(List<Transform> transforms) {
            for (Transform t : transforms) {
                Objects.requireNonNull(t, "DataLoader: a transform is null");
            }
            this.transforms = List.copyOf(transforms);
            return this;
        }

        /**
         * @param transforms the pipeline, applied in this order to each image
         * @return this
         */
        public Builder transforms(Transform... transforms) {
            return transforms(List.of(transforms));
        }

        /**
         * Assembles each batch in {@code tasks} parts on {@code executor} (the results do not depend on it). The
         * iterating thread waits for the parts: do not pass a bounded pool that the iterating thread itself belongs
         * to.
         *
         * @param executor the executor, or null to assemble on the iterating thread
         * @param tasks    the number of parts per batch, at least 1
         * @return this
         */
        public Builder executor(Executor executor, int tasks) {
            if (tasks < 1) {
                throw new IllegalArgumentException("DataLoader: tasks must be at least 1, got " + tasks);
            }
            this.executor = executor;
            this.tasks = tasks;
            return this;
        }

        /** @return the loader */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
