package dev.resvec.cli;

import dev.resvec.nn.data.Dataset;
import dev.resvec.nn.train.Evaluation;
import dev.resvec.nn.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resvec eval}: the accuracy of a checkpoint on the held-out part of a dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Prints the accuracy and loss of a checkpoint of 'resvec train' on the held-out part of a"
                + " dataset (the embedded set's held-out images, CIFAR-10's test batch, or a folder's 10%% split).")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true, description = "A model.safetensors.")
    Path checkpoint;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Override
    public Integer call() throws Exception {
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        Dataset heldOut = data.loadHeldOut(loaded.spec().imageSize());
        if (heldOut.numClasses() != loaded.spec().classNames().size()) {
            throw new IllegalArgumentException(checkpoint + " has " + loaded.spec().classNames().size()
                    + " classes but the dataset has " + heldOut.numClasses());
        }
        Evaluation ev = Trainer.evaluate(loaded.model(),
                Loaders.evaluation(heldOut, Math.max(1, batch), loaded.spec().stats()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Accuracy %.2f%% (loss %.4f) on %d images of %s%n", 100 * ev.accuracy(), ev.loss(),
                ev.images(), data.describe());
        out.flush();
        return 0;
    }
}
