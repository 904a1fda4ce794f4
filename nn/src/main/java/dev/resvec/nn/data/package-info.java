/**
 * Datasets and the data loader of training: a {@link dev.resvec.nn.data.Dataset} hands out images as C×H×W floats
 * with their labels; a {@link dev.resvec.nn.data.DataLoader} shuffles them with a seed, runs the augmentation
 * ({@link dev.resvec.nn.data.Transform}) and batches them into N×C×H×W FLOAT32 tensors
 * ({@link dev.resvec.nn.data.Batch}).
 *
 * <p>Datasets: {@link dev.resvec.nn.data.EmbeddedShapes} (a procedurally generated 10-class 32×32 set, made from a
 * seed, nothing to download), {@link dev.resvec.nn.data.Cifar10} (the CIFAR-10 binary files) and
 * {@link dev.resvec.nn.data.ImageFolder} (one sub-directory of PNG/JPEG files per class);
 * {@link dev.resvec.nn.data.Datasets} splits them into training and held-out parts.
 *
 * <p>Everything random is seeded and derived from the seed and the item it applies to (image index, epoch), never
 * from the order in which threads happen to run, so a run is reproducible whatever the thread count.
 */
package dev.resvec.nn.data;
