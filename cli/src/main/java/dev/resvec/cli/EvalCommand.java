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

/** {@code resvec eval}: the accuracy of a checkpoint on the held-out part of a dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Prints the accuracy and loss of a checkpoint of 'resvec train', or of a plain state dict"
                + " with --arch, on the held-out part of a dataset (the embedded set's held-out images, CIFAR-10's"
                + " test batch, or a folder's 10%% split). The dataset must have the checkpoint's class names (a plain"
                + " state dict's --labels, or its class count), in its order, and its image size.")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch: expected at least 1, got " + batch);
        }
        ModelOptions.Served loaded = modelOptions.load(false);
        Dataset heldOut = data.loadHeldOut(loaded.resize(), loaded.imageSize());
        checkMatches(loaded, heldOut);
        Evaluation ev = Trainer.evaluate(loaded.model(), Loaders.evaluation(heldOut, batch, loaded.stats()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Accuracy %.2f%% (loss %.4f) on %d images of %s%n", 100 * ev.accuracy(), ev.loss(),
                ev.images(), data.describe());
        out.flush();
        return 0;
    }

    /**
     * A label k must name the same class for the model and the data, and the images must be the model's size. A
     * plain state dict without {@code --labels} has no names: the dataset's order is taken, and only the count
     * checked.
     */
    private void checkMatches(ModelOptions.Served ckpt, Dataset heldOut) {
        Path checkpoint = modelOptions.checkpoint;
        List<String> expected = ckpt.classNames();
        List<String> got = heldOut.classNames();
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
        int[] shape = heldOut.imageShape();
        int size = ckpt.imageSize();
        if (shape[1] != size || shape[2] != size) {
            throw new IllegalArgumentException(checkpoint + (ckpt.metadata() ? " has metadata imageSize " + size
                    : " is read at --image-size " + size) + ": expected images of " + size + "×" + size + ", got "
                    + data.describe() + " at " + shape[1] + "×" + shape[2]);
        }
    }
}
