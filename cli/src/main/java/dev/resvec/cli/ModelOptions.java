package dev.resvec.cli;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.data.ChannelStats;
import dev.resvec.nn.io.SafeTensors;
import dev.resvec.nn.io.SafeTensorsHeader;
import dev.resvec.nn.io.TensorInfo;
import dev.resvec.nn.resnet.ResNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The model options shared by {@code resvec predict} and {@code resvec eval}: a checkpoint of {@code resvec train}
 * (its metadata names the architecture, the classes, the input size and normalisation), or a plain state dict
 * without that metadata, such as one saved from PyTorch, for which {@code --arch} names the architecture and the
 * other options (or the family's defaults, {@link Architecture}) say the rest.
 *
 * <p>A plain state dict's stem width and class count come from the shapes of {@code conv1.weight} and
 * {@code fc.weight}; the weights are then loaded with the strict key and shape check, so that a file of another
 * architecture fails with the missing, unexpected and mis-shaped keys.
 */
final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true,
            description = "A model.safetensors of resvec train, or a plain state dict (e.g. saved from PyTorch with"
                    + " safetensors.torch.save_file(model.state_dict(), FILE)) with --arch.")
    Path checkpoint;

    @Option(names = "--arch", paramLabel = "NAME",
            description = "The architecture of a state dict without resvec metadata: " + Architecture.CHOICES
                    + ". With a resvec train checkpoint it must match the checkpoint's.")
    String arch;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one a line, each once, in the order of fc's rows (state dicts without resvec"
                    + " metadata); blank lines only at the end."
                    + " Default: class0, class1, ... (predict), the dataset's class folders in sorted order, as"
                    + " torchvision's ImageFolder orders them (eval).")
    Path labels;

    /**
     * The largest {@code --resize}: an image is resampled in float planes at that side before the crop, so a larger
     * side only costs memory (torchvision's ImageNet weights use up to a few hundred).
     */
    static final int MAX_RESIZE = 4096;

    @Option(names = "--image-size", paramLabel = "N",
            description = "The input side (state dicts without resvec metadata). Default: 224 for the ImageNet"
                    + " architectures (shorter side resized to N·256/224, or --resize, centre N×N cut out), 32 for"
                    + " the CIFAR ones.")
    Integer imageSize;

    @Option(names = "--resize", paramLabel = "N",
            description = "The side the shorter side of an image is resized to before the centre --image-size"
                    + " square is cut out, as torchvision's Resize(N) + CenterCrop(size) (state dicts without resvec"
                    + " metadata); --image-size.." + MAX_RESIZE + ". E.g. 232 for torchvision's IMAGENET1K_V2"
                    + " weights, whose transform is ImageClassification(crop_size=224, resize_size=232). Default:"
                    + " ⌊size·256/224⌋ for the ImageNet architectures (256 at 224, the IMAGENET1K_V1 transform),"
                    + " the size itself for the CIFAR ones.")
    Integer resize;

    @Option(names = "--mean", paramLabel = "R,G,B",
            description = "The per-channel mean of the normalisation (state dicts without resvec metadata)."
                    + " Default: ImageNet's 0.485,0.456,0.406 (CIFAR architectures: CIFAR-10's 0.4914,0.4822,0.4465).")
    String mean;

    @Option(names = "--std", paramLabel = "R,G,B",
            description = "The per-channel std of the normalisation (state dicts without resvec metadata)."
                    + " Default: ImageNet's 0.229,0.224,0.225 (CIFAR architectures: CIFAR-10's 0.2470,0.2435,0.2616).")
    String std;

    /**
     * A model ready to run, with what its inputs need.
     *
     * @param model      the model, in eval mode
     * @param arch       its architecture
     * @param classes    the class count: the rows of {@code fc}
     * @param classNames the class names, one per output; null for a plain state dict in eval without
     *                   {@code --labels} (the dataset's names are taken then)
     * @param imageSize  the input side
     * @param resize     the side the shorter side of an image is resized to before the centre is cut out
     * @param stats      the input normalisation
     * @param metadata   whether the file is a checkpoint of {@code resvec train} (else a plain state dict)
     */
    record Served(ResNet model, Architecture arch, int classes, List<String> classNames, int imageSize,
            int resize, ChannelStats stats, boolean metadata) {}

    /**
     * Loads the model {@code --checkpoint} holds.
     *
     * @param defaultNames whether a plain state dict without {@code --labels} gets the names class0, class1, ...
     *                     (else {@link Served#classNames()} is null)
     * @throws ParameterException for options that do not fit the file: no {@code --arch} for a plain state dict,
     *                            an {@code --arch} other than a checkpoint's, a {@code --labels} file of another
     *                            class count, ...
     * @throws IOException        when the file is missing or malformed, or the weights do not fit the architecture
     */
    Served load(boolean defaultNames) throws IOException {
        Path file = checkpoint;
        if (Files.isRegularFile(file)) {
            SafeTensorsHeader header = SafeTensors.readHeader(file);
            String format = header.metadata().get("format");
            if (!Checkpoints.FORMAT.equals(format)) {
                return loadStateDict(file, header, format, defaultNames);
            }
        }
        Checkpoints.Loaded loaded = Checkpoints.load(file);
        Checkpoints.Spec s = loaded.spec();
        Architecture own = Architecture.of(s);
        if (arch != null && !parseArch().equals(own)) {
            throw usage("--arch " + arch + ": " + file + " is a resvec train checkpoint of " + own.name()
                    + " (its metadata names the architecture; --arch may be left out)");
        }
        rejectWithMetadata(file, "--labels", labels, "class names");
        rejectWithMetadata(file, "--image-size", imageSize, "image size");
        rejectWithMetadata(file, "--resize", resize, "image size and its preprocessing");
        rejectWithMetadata(file, "--mean", mean, "normalisation");
        rejectWithMetadata(file, "--std", std, "normalisation");
        return new Served(loaded.model(), own, s.classNames().size(), s.classNames(), s.imageSize(), s.imageSize(),
                s.stats(), true);
    }

    private void rejectWithMetadata(Path file, String option, Object value, String what) {
        if (value != null) {
            throw usage(option + ": " + file + " is a resvec train checkpoint, whose metadata sets the " + what
                    + "; " + option + " is for state dicts without that metadata");
        }
    }

    private Served loadStateDict(Path file, SafeTensorsHeader header, String format, boolean defaultNames)
            throws IOException {
        if (arch == null) {
            throw usage("--arch is needed: " + file + " has no resvec train metadata (" + (format == null
                    ? "no 'format' key" : "metadata 'format' is '" + format + "'") + "), so it is read as a plain"
                    + " state dict; name its architecture, one of " + Architecture.CHOICES);
        }
        Architecture a = parseArch();
        int width = leadingDim(header, "conv1.weight", 4).orElse(a.defaultWidth());
        List<String> names = labels == null ? null : readLabels();
        int classes = leadingDim(header, "fc.weight", 2)
                .orElse(names != null ? names.size() : a.defaultClasses());
        if (names != null && names.size() != classes) {
            throw usage("--labels " + labels + ": " + names.size() + " class names, but fc.weight of " + file
                    + " has " + classes + " rows (one per class)");
        }
        if (names == null && defaultNames) {
            names = IntStream.range(0, classes).mapToObj(i -> "class" + i).toList();
        }
        int size = imageSize != null ? imageSize : a.defaultImageSize();
        if (size < CheckpointMetadata.MIN_IMAGE_SIZE || size > CheckpointMetadata.MAX_IMAGE_SIZE) {
            throw usage("--image-size: expected " + CheckpointMetadata.MIN_IMAGE_SIZE + ".."
                    + CheckpointMetadata.MAX_IMAGE_SIZE + ", got " + size);
        }
        int resizeSide = resizeFor(a, size);
        ChannelStats d = a.defaultStats();
        ChannelStats stats = new ChannelStats(mean == null ? d.mean() : channels("--mean", mean, false),
                std == null ? d.std() : channels("--std", std, true));
        ResNet model = a.build(width, classes);
        Map<String, Tensor> state = SafeTensors.read(file, DType.FLOAT32);
        try {
            model.loadStateDict(state, true);
        } catch (RuntimeException e) {
            throw new IOException(file + ": the weights do not fit --arch " + a.name() + " (width " + width
                    + " from conv1.weight, " + classes + " classes from fc.weight): " + e.getMessage(), e);
        }
        model.eval();
        return new Served(model, a, classes, names, size, resizeSide, stats, false);
    }

    private Architecture parseArch() {
        return Architecture.parse(arch).orElseThrow(() -> usage("--arch: expected one of " + Architecture.CHOICES
                + ", got '" + arch + "'"));
    }

    /** @return the first dimension of a tensor of {@code rank} dimensions, if the header has it */
    private static java.util.Optional<Integer> leadingDim(SafeTensorsHeader header, String name, int rank) {
        return header.tensors().stream().filter(t -> t.name().equals(name)).findFirst().map(TensorInfo::shape)
                .filter(s -> s.length == rank && s[0] >= 1).map(s -> s[0]);
    }

    private List<String> readLabels() throws IOException {
        try {
            return LabelsFile.read(labels);
        } catch (IllegalArgumentException e) {
            throw usage("--labels " + e.getMessage());
        }
    }

    /**
     * @return the {@code --resize} side, or the family's default for the crop side {@code size}
     * @throws ParameterException for a side below the crop or above {@link #MAX_RESIZE}
     */
    private int resizeFor(Architecture a, int size) {
        if (resize == null) {
            return a.resizeFor(size);
        }
        // below the crop, torchvision's CenterCrop would pad the image with zeros: more likely a slip than meant
        if (resize < size || resize > MAX_RESIZE) {
            throw usage("--resize: expected a side of " + size + ".." + MAX_RESIZE + " (at least --image-size "
                    + size + ": the shorter side is resized to it, then the centre " + size + "×" + size
                    + " cut out), got " + resize);
        }
        return resize;
    }

    private float[] channels(String option, String value, boolean positive) {
        String[] parts = value.split(",", -1);
        String expected = option + ": expected " + CheckpointMetadata.CHANNELS + " comma-separated "
                + (positive ? "positive" : "finite") + " numbers (R,G,B), got '" + value + "'";
        if (parts.length != CheckpointMetadata.CHANNELS) {
            throw usage(expected);
        }
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].strip());
            } catch (NumberFormatException e) {
                throw usage(expected);
            }
            if (!Float.isFinite(v[i]) || (positive && !(v[i] > 0))) {
                throw usage(expected);
            }
        }
        return v;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
