package dev.resvec.cli;

import dev.resvec.nn.data.Cifar10;
import dev.resvec.nn.data.Dataset;
import dev.resvec.nn.data.Datasets;
import dev.resvec.nn.data.EmbeddedShapes;
import dev.resvec.nn.data.ImageFolder;
import dev.resvec.nn.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The dataset options shared by {@code resvec train} and {@code resvec eval}: which dataset, where it lives, and
 * the sizes of the embedded set.
 */
final class DataOptions {
    /** The dataset formats. */
    enum Kind { embedded, cifar10, folder }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "KIND", defaultValue = "embedded",
            description = "embedded (generated shapes, the default), cifar10 (data_batch_*.bin and test_batch.bin"
                    + " in --data; eval reads test_batch.bin only) or folder (one sub-directory per class in --data)."
                    + " Default: ${DEFAULT-VALUE}.")
    Kind kind;

    @Option(names = "--data", paramLabel = "DIR", description = "The dataset directory (cifar10 and folder).")
    Path dir;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "" + EmbeddedShapes.DEFAULT_TRAIN,
            description = "Training images of the embedded set. Default: ${DEFAULT-VALUE}.")
    int trainSize;

    @Option(names = "--test-size", paramLabel = "N", defaultValue = "" + EmbeddedShapes.DEFAULT_HELD_OUT,
            description = "Held-out images of the embedded set. Default: ${DEFAULT-VALUE}.")
    int testSize;

    @Option(names = "--data-seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the embedded set and of the folder split. Default: ${DEFAULT-VALUE}.")
    long dataSeed;

    /**
     * Loads the training and held-out parts.
     *
     * @param imageSize the side images of a folder are resized to
     * @return the two parts
     * @throws ParameterException for inconsistent options
     * @throws IOException when the data cannot be read
     */
    Split load(int imageSize) throws IOException {
        validate();
        return switch (kind) {
            case embedded -> EmbeddedShapes.split(dataSeed, trainSize, testSize);
            case cifar10 -> new Split(Cifar10.load(dir, Cifar10.Part.TRAIN), Cifar10.load(dir, Cifar10.Part.TEST));
            case folder -> folderSplit(imageSize);
        };
    }

    /**
     * Loads the held-out part only, what {@code resvec eval} needs: CIFAR-10's test batch without the training
     * batches; the same images as {@code load(imageSize).heldOut()} when {@code resize == imageSize}.
     *
     * @param resize    the side the shorter side of a folder's images is resized to (at least imageSize)
     * @param imageSize the side of the centre a folder's images are cropped to
     * @return the held-out part
     * @throws ParameterException for inconsistent options
     * @throws IOException when the data cannot be read
     */
    Dataset loadHeldOut(int resize, int imageSize) throws IOException {
        validate();
        return switch (kind) {
            case embedded -> EmbeddedShapes.split(dataSeed, trainSize, testSize).heldOut();
            case cifar10 -> Cifar10.load(dir, Cifar10.Part.TEST);
            case folder -> folderSplit(resize, imageSize).heldOut();
        };
    }

    /**
     * Loads every image of a {@code --dataset folder}, what {@code resvec eval --split all} scores: a folder the
     * model was not trained on, such as an ImageNet-style validation folder.
     *
     * @param resize    the side the shorter side of the images is resized to (at least imageSize)
     * @param imageSize the side of the centre the images are cropped to
     * @return the images, in the folder's order
     * @throws ParameterException for inconsistent options
     * @throws IOException when the data cannot be read
     * @throws IllegalStateException for a dataset other than a folder (its parts are fixed)
     */
    Dataset loadAll(int resize, int imageSize) throws IOException {
        validate();
        if (kind != Kind.folder) {
            throw new IllegalStateException("loadAll: --dataset folder only, got " + kind);
        }
        return ImageFolder.load(dir, resize, imageSize, null);
    }

    private Split folderSplit(int imageSize) throws IOException {
        return folderSplit(imageSize, imageSize);
    }

    private Split folderSplit(int resize, int imageSize) throws IOException {
        Dataset all = ImageFolder.load(dir, resize, imageSize, null);
        if (all.size() < 2) {
            throw new ParameterException(spec.commandLine(),
                    "--data " + dir + ": expected at least 2 images, found " + all.size());
        }
        return Datasets.split(all, 0.1, dataSeed);
    }

    private void validate() {
        if (trainSize < 1 || testSize < 1) {
            throw new ParameterException(spec.commandLine(), "--train-size and --test-size must be at least 1, got "
                    + trainSize + " and " + testSize);
        }
        if (kind == Kind.embedded) {
            return;
        }
        if (dir == null) {
            throw new ParameterException(spec.commandLine(), "--dataset " + kind + " needs --data DIR");
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--data " + dir + ": not a directory");
        }
    }

    /** @return a short description, for the metadata and the console */
    String describe() {
        return kind == Kind.embedded ? "embedded shapes (" + trainSize + " train, " + testSize + " held out, seed "
                + dataSeed + ")" : kind + " " + dir;
    }
}
