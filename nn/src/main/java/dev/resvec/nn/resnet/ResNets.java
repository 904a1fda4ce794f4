package dev.resvec.nn.resnet;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Factories of the named residual networks. Every factory takes the number of classes and, optionally,
 * {@link ResNetOptions} (base width, zero-init of residual branches, seed, pre-activation).
 * <pre>{@code
 * ResNet r50   = ResNets.resnet50(1000);                       // torchvision's resnet50, keys and shapes
 * ResNet cifar = ResNets.cifarResNet(20, 10);                  // He et al. 2015 §4.2, 0.27M parameters
 * ResNet v2    = ResNets.preActResNet18(10);                   // He et al. 2016, pre-activation units
 * ResNet tiny  = ResNets.resnet18(10, ResNetOptions.defaults().baseWidth(4).seed(7));
 * ResNet byName = ResNets.named("preact_cifar_resnet110", 10);     // any of NAMES, as a configuration spells it
 * }</pre>
 *
 * <table>
 *   <caption>Depths and units</caption>
 *   <tr><th>family</th><th>depth</th><th>unit</th><th>units per stage</th></tr>
 *   <tr><td>ImageNet (torchvision)</td><td>18</td><td>basic</td><td>2, 2, 2, 2</td></tr>
 *   <tr><td></td><td>34</td><td>basic</td><td>3, 4, 6, 3</td></tr>
 *   <tr><td></td><td>50</td><td>bottleneck</td><td>3, 4, 6, 3</td></tr>
 *   <tr><td></td><td>101</td><td>bottleneck</td><td>3, 4, 23, 3</td></tr>
 *   <tr><td></td><td>152</td><td>bottleneck</td><td>3, 8, 36, 3</td></tr>
 *   <tr><td>CIFAR (He et al. 2015, §4.2)</td><td>6n + 2 (20, 32, 44, 56, 110, …)</td><td>basic</td>
 *       <td>n, n, n</td></tr>
 * </table>
 * The unit counts are those of He et al. 2015, Table 1, which torchvision follows.
 */
public final class ResNets {
    private ResNets() {}

    /**
     * The names {@link #named} builds, as the models' {@link ResNet#name()} spells them: torchvision's
     * {@code resnet18} … {@code resnet152}, the CIFAR ResNets of He et al. 2015 ({@code cifar_resnet20} …
     * {@code cifar_resnet110}), and each with the {@code preact_} prefix for pre-activation units (v2).
     */
    public static final List<String> NAMES = List.of(
            "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
            "preact_resnet18", "preact_resnet34", "preact_resnet50", "preact_resnet101", "preact_resnet152",
            "cifar_resnet20", "cifar_resnet32", "cifar_resnet44", "cifar_resnet56", "cifar_resnet110",
            "preact_cifar_resnet20", "preact_cifar_resnet32", "preact_cifar_resnet44", "preact_cifar_resnet56",
            "preact_cifar_resnet110");

    /**
     * A model name taken apart, as {@link ResNet#name()} spells it: {@code [preact_][cifar_]resnet<depth>}.
     *
     * @param preActivation pre-activation (v2) units
     * @param cifar         the CIFAR family (3×3 stem, three stages) rather than the ImageNet one
     * @param depth         18, 34, 50, 101 or 152 (ImageNet); 6n + 2 with n ≥ 1 (CIFAR)
     */
    public record Name(boolean preActivation, boolean cifar, int depth) {
        /** @throws IllegalArgumentException for a depth the family does not have */
        public Name {
            if (!hasDepth(cifar, depth)) {
                throw new IllegalArgumentException("ResNets.Name: expected a depth of " + (cifar
                        ? "6n + 2 with n >= 1" : Arrays.toString(IMAGENET_DEPTHS)) + ", got " + depth);
            }
        }

        /**
         * @param name e.g. {@code resnet50}, {@code preact_cifar_resnet110}; exactly so (lower case, no leading
         *             zero, at most four digits)
         * @return the name taken apart, or empty when it is not such a name
         */
        public static Optional<Name> parse(String name) {
            String rest = name == null ? "" : name;
            boolean preAct = rest.startsWith("preact_");
            rest = preAct ? rest.substring("preact_".length()) : rest;
            boolean cifar = rest.startsWith("cifar_");
            rest = cifar ? rest.substring("cifar_".length()) : rest;
            if (!rest.matches("resnet[1-9][0-9]{0,3}")) {
                return Optional.empty();
            }
            int depth = Integer.parseInt(rest.substring("resnet".length()));
            return hasDepth(cifar, depth) ? Optional.of(new Name(preAct, cifar, depth)) : Optional.empty();
        }

        private static boolean hasDepth(boolean cifar, int depth) {
            return cifar ? depth >= 8 && (depth - 2) % 6 == 0
                    : Arrays.stream(IMAGENET_DEPTHS).anyMatch(d -> d == depth);
        }

        /** @return the model of this name with these options (whose preActivation flag the name overrides) */
        public ResNet build(int numClasses, ResNetOptions options) {
            ResNetOptions o = options.preActivation(preActivation);
            return cifar ? cifarResNet(depth, numClasses, o) : resnet(depth, numClasses, o);
        }

        @Override
        public String toString() {
            return (preActivation ? "preact_" : "") + (cifar ? "cifar_" : "") + "resnet" + depth;
        }
    }

    /**
     * A model by name, as torchvision's {@code get_model} builds one from a string (a configuration file, a command
     * line): any of {@link #NAMES}, or {@code [preact_]cifar_resnet<6n + 2>} for another CIFAR depth ({@link Name}).
     * The name says v1 or v2; the options' {@code preActivation} flag is overridden by it.
     *
     * @param name       e.g. {@code resnet50}, {@code preact_resnet18}, {@code cifar_resnet56}
     * @param numClasses outputs of {@code fc}, positive
     * @param options    width, init and seed
     * @return the model, whose {@link ResNet#name()} is {@code name}
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or a non-positive
     *                                  class count
     */
    public static ResNet named(String name, int numClasses, ResNetOptions options) {
        return Name.parse(name).orElseThrow(() -> new IllegalArgumentException("ResNets.named: expected one of "
                + NAMES + " (or [preact_]cifar_resnet<6n + 2>), got " + (name == null ? "null" : "'" + name + "'")))
                .build(numClasses, options);
    }

    /** @return {@link #named(String, int, ResNetOptions)} with the default options (width 64, CIFAR 16; seed 0) */
    public static ResNet named(String name, int numClasses) {
        return named(name, numClasses, ResNetOptions.defaults());
    }

    /** The ImageNet depths, with their units per stage. */
    private static final int[] IMAGENET_DEPTHS = {18, 34, 50, 101, 152};

    private static int[] imagenetBlocks(int depth) {
        return switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            case 152 -> new int[] {3, 8, 36, 3};
            default -> throw new IllegalArgumentException("resnet: expected a depth in "
                    + Arrays.toString(IMAGENET_DEPTHS) + ", got " + depth);
        };
    }

    /**
     * An ImageNet-layout ResNet (7×7/2 stem, max pool, four stages).
     *
     * @param depth      18, 34 (basic units), 50, 101 or 152 (bottleneck units)
     * @param numClasses outputs of {@code fc}, positive
     * @param options    width, init and v1/v2
     * @throws IllegalArgumentException for another depth or a non-positive class count
     */
    public static ResNet resnet(int depth, int numClasses, ResNetOptions options) {
        int[] blocks = imagenetBlocks(depth);
        String name = new Name(options.preActivation(), false, depth).toString();
        return new ResNet(name, ResNet.Stem.IMAGENET, depth >= 50, blocks, numClasses, options);
    }

    /**
     * A CIFAR ResNet (He et al. 2015, §4.2): 3×3/1 stem of 16 channels, three stages of n basic units at
     * 16/32/64 channels (times baseWidth/16), global average pool, {@code fc}. The shortcuts that change width
     * are torchvision's 1×1 conv + BN projections (the paper's option B) rather than the zero-padded identity of
     * the paper's CIFAR experiments (option A), so that checkpoints share torchvision's key scheme; this adds
     * 2,752 parameters at the default width.
     *
     * @param depth 6n + 2 for n ≥ 1: 20, 32, 44, 56, 110 in the paper
     * @throws IllegalArgumentException for another depth or a non-positive class count
     */
    public static ResNet cifarResNet(int depth, int numClasses, ResNetOptions options) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("cifarResNet: expected a depth of 6n + 2 with n >= 1 (20, 32, 44, 56,"
                    + " 110, ...), got " + depth);
        }
        int n = (depth - 2) / 6;
        String name = new Name(options.preActivation(), true, depth).toString();
        return new ResNet(name, ResNet.Stem.CIFAR, false, new int[] {n, n, n}, numClasses, options);
    }

    /** @return {@link #cifarResNet(int, int, ResNetOptions)} with the default options (v1, width 16, seed 0) */
    public static ResNet cifarResNet(int depth, int numClasses) {
        return cifarResNet(depth, numClasses, ResNetOptions.defaults());
    }

    /** @return {@link #resnet(int, int, ResNetOptions)} with the default options (v1, width 64, seed 0) */
    public static ResNet resnet(int depth, int numClasses) {
        return resnet(depth, numClasses, ResNetOptions.defaults());
    }

    /** @return torchvision's {@code resnet18} layout (11,689,512 parameters with 1000 classes) */
    public static ResNet resnet18(int numClasses) {
        return resnet(18, numClasses);
    }

    /** @return ResNet-18 with these options */
    public static ResNet resnet18(int numClasses, ResNetOptions options) {
        return resnet(18, numClasses, options);
    }

    /** @return torchvision's {@code resnet34} layout (21,797,672 parameters with 1000 classes) */
    public static ResNet resnet34(int numClasses) {
        return resnet(34, numClasses);
    }

    /** @return ResNet-34 with these options */
    public static ResNet resnet34(int numClasses, ResNetOptions options) {
        return resnet(34, numClasses, options);
    }

    /** @return torchvision's {@code resnet50} layout (25,557,032 parameters with 1000 classes) */
    public static ResNet resnet50(int numClasses) {
        return resnet(50, numClasses);
    }

    /** @return ResNet-50 with these options */
    public static ResNet resnet50(int numClasses, ResNetOptions options) {
        return resnet(50, numClasses, options);
    }

    /** @return torchvision's {@code resnet101} layout (44,549,160 parameters with 1000 classes) */
    public static ResNet resnet101(int numClasses) {
        return resnet(101, numClasses);
    }

    /** @return ResNet-101 with these options */
    public static ResNet resnet101(int numClasses, ResNetOptions options) {
        return resnet(101, numClasses, options);
    }

    /** @return torchvision's {@code resnet152} layout (60,192,808 parameters with 1000 classes) */
    public static ResNet resnet152(int numClasses) {
        return resnet(152, numClasses);
    }

    /** @return ResNet-152 with these options */
    public static ResNet resnet152(int numClasses, ResNetOptions options) {
        return resnet(152, numClasses, options);
    }

    /** @return the pre-activation (v2) ImageNet-layout ResNet of this depth, default options otherwise */
    public static ResNet preActResNet(int depth, int numClasses) {
        return resnet(depth, numClasses, ResNetOptions.defaults().preActivation(true));
    }

    /** @return the pre-activation (v2) ResNet-18, ImageNet layout */
    public static ResNet preActResNet18(int numClasses) {
        return preActResNet(18, numClasses);
    }

    /** @return the pre-activation (v2) ResNet-18 with these options (whose preActivation flag is overridden) */
    public static ResNet preActResNet18(int numClasses, ResNetOptions options) {
        return resnet(18, numClasses, options.preActivation(true));
    }

    /** @return the pre-activation (v2) ResNet-50, ImageNet layout */
    public static ResNet preActResNet50(int numClasses) {
        return preActResNet(50, numClasses);
    }

    /**
     * @return the pre-activation (v2) CIFAR ResNet of depth 6n + 2 (He et al. 2016 report the pre-activation
     * ResNet-110 on CIFAR-10)
     */
    public static ResNet preActCifarResNet(int depth, int numClasses) {
        return cifarResNet(depth, numClasses, ResNetOptions.defaults().preActivation(true));
    }
}
