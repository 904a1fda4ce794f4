package dev.resvec.cli;

import dev.resvec.core.Tensor;
import dev.resvec.nn.io.SafeTensors;
import dev.resvec.nn.resnet.ResNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tiny checkpoints of {@code resvec train}'s format, with metadata that a test may bend. */
final class CheckpointFixtures {
    static final List<String> NAMES = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine");

    private CheckpointFixtures() {}

    /** @return a ResNet-8 of width 2 over {@link #NAMES} at {@code imageSize} */
    static Checkpoints.Spec spec(int imageSize) {
        return new Checkpoints.Spec("resnet", 8, 2, NAMES, imageSize, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f});
    }

    /**
     * Writes the weights of {@code spec} with its metadata, changed by {@code changes} (a null value removes the key).
     *
     * @return {@code file}
     */
    static Path write(Path file, Checkpoints.Spec spec, Map<String, String> changes) throws IOException {
        ResNet model = spec.build(1);
        Map<String, Tensor> state = model.stateDict();
        Map<String, String> meta = new LinkedHashMap<>(spec.metadata());
        changes.forEach((k, v) -> {
            if (v == null) {
                meta.remove(k);
            } else {
                meta.put(k, v);
            }
        });
        SafeTensors.write(file, state, meta, SafeTensors.pytorchDTypes(state));
        return file;
    }
}
