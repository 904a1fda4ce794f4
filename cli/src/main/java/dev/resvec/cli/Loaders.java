package dev.resvec.cli;

import dev.resvec.nn.data.Batch;
import dev.resvec.nn.data.ChannelStats;
import dev.resvec.nn.data.DataLoader;
import dev.resvec.nn.data.Dataset;
import dev.resvec.nn.data.HorizontalFlip;
import dev.resvec.nn.data.Normalize;
import dev.resvec.nn.data.RandomCrop;
import dev.resvec.nn.train.BatchSource;
import java.util.OptionalInt;

/** The CLI's {@link DataLoader}s: training batches as the trainer's {@link BatchSource}, and evaluation batches. */
final class Loaders {
    private Loaders() {}

    /** @return the shuffled, augmented (crop with padding 4, flip, normalise) training batches of each epoch */
    static BatchSource training(Dataset data, int batch, long seed, ChannelStats stats) {
        DataLoader loader = DataLoader.builder(data).batchSize(batch).shuffle(true).seed(seed)
                .transforms(new RandomCrop(4), new HorizontalFlip(0.5), new Normalize(stats)).build();
        return new BatchSource() {
            @Override
            public Iterable<Batch> batches(int epoch) {
                return loader.epoch(epoch);
            }

            @Override
            public OptionalInt batchCount() {
                return OptionalInt.of(loader.batches());
            }
        };
    }

    /** @return the batches of {@code data} in order, normalised, for evaluation */
    static Iterable<Batch> evaluation(Dataset data, int batch, ChannelStats stats) {
        DataLoader loader = DataLoader.builder(data).batchSize(batch).shuffle(false)
                .transforms(new Normalize(stats)).build();
        return loader.epoch(0);
    }
}
