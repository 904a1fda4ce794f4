package dev.resvec.cli;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.data.ChannelStats;
import dev.resvec.nn.io.SafeTensors;
import dev.resvec.nn.io.SafeTensorsHeader;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints of the command: a safetensors state dict whose metadata names the architecture (so that the model can
 * be rebuilt without options), the class names and the input normalisation.
 *
 * <p>Metadata keys: {@code format} ("resvec-cifar-resnet"), {@code model} (resnet or preact), {@code depth},
 * {@code width}, {@code classes}, {@code preActivation}, {@code classNames} (joined by newlines), {@code imageSize},
 * {@code mean} and {@code std} (comma-separated per channel).
 */
final class Checkpoints {
    static final String FORMAT = "resvec-cifar-resnet";

    private Checkpoints() {}

    /** What a checkpoint describes, besides its weights. */
    record Spec(String model, int depth, int width, List<String> classNames, int imageSize, float[] mean,
            float[] std) {
        /** @return a freshly initialised model of this architecture */
        ResNet build(long seed) {
            ResNetOptions options = ResNetOptions.defaults().baseWidth(width).seed(seed)
                    .preActivation(model.equals("preact"));
            return ResNets.cifarResNet(depth, classNames.size(), options);
        }

        Map<String, String> metadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("model", model);
            m.put("depth", Integer.toString(depth));
            m.put("width", Integer.toString(width));
            m.put("classes", Integer.toString(classNames.size()));
            m.put("preActivation", Boolean.toString(model.equals("preact")));
            m.put("classNames", String.join("\n", classNames));
            m.put("imageSize", Integer.toString(imageSize));
            m.put("mean", join(mean));
            m.put("std", join(std));
            return m;
        }

        ChannelStats stats() {
            return new ChannelStats(mean, std);
        }
    }

    /** Writes the model's state dict and the spec atomically. */
    static void save(Path file, ResNet model, Spec spec) throws IOException {
        Map<String, Tensor> state = model.stateDict();
        SafeTensors.write(file, state, spec.metadata(), SafeTensors.pytorchDTypes(state));
    }

    /** A loaded checkpoint: the model in eval mode and its spec. */
    record Loaded(ResNet model, Spec spec) {}

    /**
     * Reads a checkpoint written by {@link #save} and rebuilds its model: the metadata is checked key by key and
     * against the tensor header ({@link CheckpointMetadata}) before the model is built, then the weights are loaded
     * with a strict key and shape check.
     *
     * @throws IOException with a message naming the file when it is missing, a directory, malformed or not one of
     *                     ours, and the key with what was expected and what came when its metadata is bad
     */
    static Loaded load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, expected a checkpoint file (such as "
                    + file.resolve("model.safetensors") + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "checkpoint not found");
        }
        SafeTensorsHeader header = SafeTensors.readHeader(file);
        Map<String, String> m = header.metadata();
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException(file + ": not a resvec train checkpoint (metadata 'format' is "
                    + (m.get("format") == null ? "missing" : "'" + m.get("format") + "'") + ", expected '" + FORMAT
                    + "')");
        }
        Spec spec = CheckpointMetadata.parse(file, m);
        CheckpointMetadata.checkShapes(file, spec, header);
        ResNet model = spec.build(0);
        Map<String, Tensor> state = SafeTensors.read(file, DType.FLOAT32);
        try {
            model.loadStateDict(state, true);
        } catch (RuntimeException e) {
            throw new IOException(file + ": the weights do not fit a " + spec.model() + " of depth " + spec.depth()
                    + ", width " + spec.width() + ": " + e.getMessage(), e);
        }
        model.eval();
        return new Loaded(model, spec);
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }
}
