/**
 * Training: {@link dev.resvec.nn.train.Trainer} (softmax cross-entropy, an optimizer and a learning-rate schedule
 * from {@link dev.resvec.nn.optim}, held-out evaluation, early stopping that restores the best weights), the
 * {@link dev.resvec.nn.train.TrainingListener} events, a console {@link dev.resvec.nn.train.ProgressBarListener},
 * and the per-epoch {@link dev.resvec.nn.train.TrainingHistory}.
 *
 * <p>Input: training data is a {@link dev.resvec.nn.train.BatchSource} (the batches of each epoch, given the
 * epoch so that shuffling can be seeded by it); held-out data an {@code Iterable<Batch>}; a
 * {@link dev.resvec.nn.data.Batch} is N images (a tensor whose first dim is N) and N labels, the type a
 * {@link dev.resvec.nn.data.DataLoader} yields.
 */
package dev.resvec.nn.train;
