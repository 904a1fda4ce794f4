package dev.resvec.cli;

import dev.resvec.nn.io.SafeTensorsHeader;
import dev.resvec.nn.io.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the metadata of a checkpoint before a model is built from it: each key on its own (type and range), the
 * keys against each other ({@code classes} against {@code classNames}, {@code preActivation} against {@code model}),
 * then against the shapes of the stem and the classifier in the tensor header. Every error names the file, the key,
 * what was expected and what came, so that a hand-edited or foreign file fails here rather than as a wrong answer
 * or an allocation failure later.
 */
final class CheckpointMetadata {
    /** The accepted input sides: a CIFAR ResNet halves the side twice, and a side past this is no CIFAR image. */
    static final int MIN_IMAGE_SIZE = 8;
    static final int MAX_IMAGE_SIZE = 1024;
    /** The deepest CIFAR ResNet of He et al. (2015). */
    static final int MAX_DEPTH = 1202;
    static final int MAX_WIDTH = 1024;
    /** Images are RGB: {@code mean} and {@code std} hold one value per channel. */
    static final int CHANNELS = 3;

    private static final int SHOWN_CHARS = 60;

    private CheckpointMetadata() {}

    /**
     * @param file the checkpoint, for the messages
     * @param m    its metadata
     * @return the spec it describes
     * @throws IOException naming the file, the key, the expected and the given value, for the first bad key
     */
    static Checkpoints.Spec parse(Path file, Map<String, String> m) throws IOException {
        Keys k = new Keys(file, m);
        String model = k.string("model");
        if (!model.equals("resnet") && !model.equals("preact")) {
            throw k.bad("model", "'resnet' or 'preact'");
        }
        String pre = k.string("preActivation");
        String preExpected = Boolean.toString(model.equals("preact"));
        if (!pre.equals(preExpected)) {
            throw k.bad("preActivation", "'" + preExpected + "' (model is '" + model + "')");
        }
        int depth = k.integer("depth", 8, MAX_DEPTH);
        if ((depth - 2) % 6 != 0) {
            throw k.bad("depth", "6n + 2 (8, 14, 20, 32, 44, 56, 110, ...)");
        }
        int width = k.integer("width", 1, MAX_WIDTH);
        int classes = k.integer("classes", 1, Integer.MAX_VALUE);
        List<String> names = List.of(k.string("classNames").split("\n", -1));
        if (names.size() != classes) {
            throw k.wrong("classNames", classes + " names, one per class ('classes' is " + classes + "), got "
                    + names.size());
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank() || !seen.add(name)) {
                throw k.wrong("classNames", "distinct, non-blank names, got " + (name.isBlank() ? "a blank one"
                        : "'" + name + "' twice"));
            }
        }
        int imageSize = k.integer("imageSize", MIN_IMAGE_SIZE, MAX_IMAGE_SIZE);
        float[] mean = k.floats("mean", false);
        float[] std = k.floats("std", true);
        return new Checkpoints.Spec(model, depth, width, names, imageSize, mean, std);
    }

    /**
     * Checks the stem and the classifier in the tensor header against the spec, before a model of that size is
     * allocated: {@code conv1.weight} is {@code [width, 3, 3, 3]}, {@code fc.weight} {@code [classes, 4·width]}.
     *
     * @throws IOException naming the file, the tensor, the expected and the given shape, and the keys behind them
     */
    static void checkShapes(Path file, Checkpoints.Spec spec, SafeTensorsHeader header) throws IOException {
        int width = spec.width();
        int classes = spec.classNames().size();
        checkShape(file, header, "conv1.weight", new int[] {width, CHANNELS, 3, 3}, "width " + width);
        checkShape(file, header, "fc.weight", new int[] {classes, 4 * width},
                "classes " + classes + ", width " + width);
    }

    private static void checkShape(Path file, SafeTensorsHeader header, String name, int[] expected, String from)
            throws IOException {
        TensorInfo info = header.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        if (info == null) {
            throw new IOException(file + ": tensor '" + name + "': expected shape " + Arrays.toString(expected)
                    + " (metadata " + from + "), got no such tensor");
        }
        if (!Arrays.equals(expected, info.shape())) {
            throw new IOException(file + ": tensor '" + name + "': expected shape " + Arrays.toString(expected)
                    + " (metadata " + from + "), got " + Arrays.toString(info.shape())
                    + " — the metadata does not describe these weights");
        }
    }

    /** The metadata of one file, read key by key. */
    private record Keys(Path file, Map<String, String> m) {
        String string(String key) throws IOException {
            String v = m.get(key);
            if (v == null) {
                throw new IOException(file + ": metadata '" + key + "' is missing (a checkpoint of resvec train"
                        + " has format, model, depth, width, classes, preActivation, classNames, imageSize, mean,"
                        + " std)");
            }
            return v;
        }

        int integer(String key, int min, int max) throws IOException {
            String range = max == Integer.MAX_VALUE ? "an integer of at least " + min
                    : "an integer in " + min + ".." + max;
            int v;
            try {
                v = Integer.parseInt(string(key).strip());
            } catch (NumberFormatException e) {
                throw bad(key, range);
            }
            if (v < min || v > max) {
                throw bad(key, range);
            }
            return v;
        }

        float[] floats(String key, boolean positive) throws IOException {
            String expected = CHANNELS + " comma-separated " + (positive ? "positive" : "finite")
                    + " numbers, one per channel (R, G, B)";
            String[] parts = string(key).split(",", -1);
            if (parts.length != CHANNELS) {
                throw bad(key, expected);
            }
            float[] v = new float[CHANNELS];
            for (int i = 0; i < CHANNELS; i++) {
                try {
                    v[i] = Float.parseFloat(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw bad(key, expected);
                }
                if (!Float.isFinite(v[i]) || (positive && !(v[i] > 0))) {
                    throw bad(key, expected);
                }
            }
            return v;
        }

        /** @return "file: metadata 'key': expected E, got 'V'", the value shown on one line and cut short */
        IOException bad(String key, String expected) {
            return new IOException(file + ": metadata '" + key + "': expected " + expected + ", got "
                    + show(m.get(key)));
        }

        /** @return "file: metadata 'key': expected E, got G" where the caller says what came */
        IOException wrong(String key, String expectedAndGot) {
            return new IOException(file + ": metadata '" + key + "': expected " + expectedAndGot);
        }
    }

    private static String show(String v) {
        if (v == null) {
            return "nothing";
        }
        String one = v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        return "'" + (one.length() > SHOWN_CHARS ? one.substring(0, SHOWN_CHARS) + "…" : one) + "'";
    }
}
