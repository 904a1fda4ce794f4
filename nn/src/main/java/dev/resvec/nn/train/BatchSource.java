package dev.resvec.nn.train;

import dev.resvec.nn.data.Batch;
import java.util.List;
import java.util.OptionalInt;

/**
 * The training data as the {@link Trainer} consumes it: the batches of each epoch.
 *
 * <p>The epoch is passed so that a loader can shuffle and augment from a seed derived from it: the same epoch
 * must give the same batches, so that a run is reproducible whatever else iterated the source before. A data
 * loader implements this interface (or adapts to it with a lambda: {@code epoch -> loader.epoch(epoch)}).
 */
@FunctionalInterface
public interface BatchSource {
    /**
     * @param epoch the epoch, from 0
     * @return the batches of that epoch, in training order (iterated once per epoch)
     */
    Iterable<Batch> batches(int epoch);

    /**
     * @return the number of batches per epoch when known (for progress bars); empty by default
     */
    default OptionalInt batchCount() {
        return OptionalInt.empty();
    }

    /**
     * @param batches fixed batches
     * @return a source that gives the same batches, in the same order, every epoch
     * @throws IllegalArgumentException when the list is null or empty or holds null
     */
    static BatchSource of(List<Batch> batches) {
        if (batches == null || batches.isEmpty() || batches.stream().anyMatch(b -> b == null)) {
            throw new IllegalArgumentException("BatchSource.of: expected a non-empty list of batches, got "
                    + (batches == null ? "null" : batches.isEmpty() ? "an empty list" : "a list holding null"));
        }
        List<Batch> copy = List.copyOf(batches);
        return new BatchSource() {
            @Override
            public Iterable<Batch> batches(int epoch) {
                return copy;
            }

            @Override
            public OptionalInt batchCount() {
                return OptionalInt.of(copy.size());
            }
        };
    }
}
