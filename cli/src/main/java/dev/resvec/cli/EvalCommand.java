package dev.resvec.cli;

import dev.resvec.nn.data.Dataset;
import dev.resvec.nn.train.Evaluation;
import dev.resvec.nn.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resvec eval}: the accuracy of a checkpoint on the images of a dataset it was not trained on: the embedded
 * set's held-out images, CIFAR-10's test batch, or a folder's images ({@code --split}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Prints the accuracy and loss of a checkpoint of 'resvec train', or of a plain state dict"
                + " with --arch, on a dataset: the embedded set's held-out images, CIFAR-10's test batch, or a"
                + " folder's images (all of them, or the 10%% split resvec train holds out: see --split). The"
                + " dataset must have the checkpoint's class names (a plain state dict's --labels, or its class"
                + " count), in its order, and its image size.")
final class EvalCommand implements Callable<Integer> {
    /** {@code --split all}: every image of the folder. */
    static final String ALL = "all";
    /** {@code --split held-out}: the folder's 10 % that {@code resvec train} does not train on. */
    static final String HELD_OUT = "held-out";

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--split", paramLabel = "PART",
            description = "The images of a --dataset folder to score: " + ALL + ", or " + HELD_OUT + " (the 10%%"
                    + " resvec train holds out of the same folder with the same --data-seed). Default: " + HELD_OUT
                    + " for a checkpoint of resvec train, which is most likely evaluated on the folder it was"
                    + " trained on, whose other 90%% it has seen (give " + ALL + " for a folder it never saw, such"
                    + " as a separate validation folder); " + ALL + " for a plain state dict with --arch, which was"
                    + " never trained on this folder by resvec, so that an ImageNet-style validation folder is"
                    + " scored whole, as a PyTorch loop over ImageFolder(val) does.")
    String split;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch: expected at least 1, got " + batch);
        }
        checkFolderOnly("--split", split);
        checkFolderOnly("--resize", modelOptions.resize);
        if (split != null && !split.equals(ALL) && !split.equals(HELD_OUT)) {
            throw new ParameterException(spec.commandLine(), "--split: expected " + ALL + " or " + HELD_OUT
                    + ", got '" + split + "'");
        }
        ModelOptions.Served loaded = modelOptions.load(false);
        boolean all = data.kind == DataOptions.Kind.folder
                && (split == null ? !loaded.metadata() : split.equals(ALL));
        Dataset scored = all ? data.loadAll(loaded.resize(), loaded.imageSize())
                : data.loadHeldOut(loaded.resize(), loaded.imageSize());
        checkMatches(loaded, scored);
        Evaluation ev = Trainer.evaluate(loaded.model(), Loaders.evaluation(scored, batch, loaded.stats()));
        PrintWriter out = spec.commandLine().getOut();
        String part = data.kind != DataOptions.Kind.folder ? ""
                : all ? " (" + ALL + " images)" : " (its " + HELD_OUT + " 10% split, --data-seed " + data.dataSeed + ")";
        out.printf(Locale.ROOT, "Accuracy %.2f%% (loss %.4f) on %d images of %s%s%n", 100 * ev.accuracy(), ev.loss(),
                ev.images(), data.describe(), part);
        out.flush();
        return 0;
    }

    /**
     * An option that only changes how a folder's images are read or chosen would do nothing on the embedded set or
     * CIFAR-10, whose images come at their size and in fixed parts: an error rather than an option silently ignored.
     */
    private void checkFolderOnly(String option, Object value) {
        if (value != null && data.kind != DataOptions.Kind.folder) {
            throw new ParameterException(spec.commandLine(), option + " applies to --dataset folder only, got"
                    + " --dataset " + data.kind + " (scored on " + (data.kind == DataOptions.Kind.cifar10
                    ? "its test batch, test_batch.bin" : "its held-out images") + ", as they are)");
        }
    }

    /**
     * A label k must name the same class for the model and the data, and the images must be the model's size. A
     * plain state dict without {@code --labels} has no names: the dataset's order is taken, and only the count
     * checked.
     */
    private void checkMatches(ModelOptions.Served ckpt, Dataset scored) {
        Path checkpoint = modelOptions.checkpoint;
        List<String> expected = ckpt.classNames();
        List<String> got = scored.classNames();
        if (expected == null) {
            if (got.size() != ckpt.classes()) {
                throw new IllegalArgumentException(checkpoint + " and " + data.describe() + " disagree on the"
                        + " classes: fc.weight has " + ckpt.classes() + " rows, the dataset " + got.size()
                        + " classes " + got);
            }
        } else if (!expected.equals(got)) {
            int i = 0;
            while (i < Math.min(expected.size(), got.size()) && expected.get(i).equals(got.get(i))) {
                i++;
            }
            String first = i < Math.min(expected.size(), got.size())
                    ? "; first difference at label " + i + ": '" + expected.get(i) + "' vs '" + got.get(i) + "'"
                    : "";
            throw new IllegalArgumentException(checkpoint + " and " + data.describe() + " disagree on the classes:"
                    + " expected the checkpoint's " + expected.size() + " " + expected + ", got the dataset's "
                    + got.size() + " " + got + first);
        }
        int[] shape = scored.imageShape();
        int size = ckpt.imageSize();
        if (shape[1] != size || shape[2] != size) {
            throw new IllegalArgumentException(checkpoint + (ckpt.metadata() ? " has metadata imageSize " + size
                    : " is read at --image-size " + size) + ": expected images of " + size + "×" + size + ", got "
                    + data.describe() + " at " + shape[1] + "×" + shape[2]);
        }
    }
}
