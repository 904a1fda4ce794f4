package dev.resvec.cli;

import dev.resvec.nn.data.ChannelStats;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.Locale;
import java.util.Optional;

/**
 * An architecture named by {@code --arch}, for state dicts that carry no ResVec metadata (such as one saved from
 * PyTorch with {@code safetensors.torch.save_file(model.state_dict(), ...)}), with the evaluation preprocessing its
 * family was trained with.
 *
 * <ul>
 *   <li>{@code resnet18|34|50|101|152}: torchvision's ResNet v1 ({@link ResNets#resnet}); {@code preact-resnetD} the
 *       v2 (pre-activation) layout at those depths. Inputs: 224×224 by default, the shorter side resized to
 *       {@code ⌊size·256/224⌋} and the centre cut out (torchvision's {@code Resize(256)} + {@code CenterCrop(224)}),
 *       normalised with ImageNet's mean and std.</li>
 *   <li>{@code cifar-resnetD} and {@code preact-cifar-resnetD}, D = 6n + 2 (20, 32, 44, 56, 110, ...): He et al.'s
 *       CIFAR ResNets ({@link ResNets#cifarResNet}). Inputs: 32×32 by default, the shorter side resized to the
 *       size and the centre cut out, as for {@code resvec train}'s checkpoints, normalised with CIFAR-10's
 *       training-set mean and std.</li>
 * </ul>
 *
 * @param cifar  the CIFAR family (3×3 stem, three stages) rather than the ImageNet one
 * @param preact pre-activation (v2) units
 * @param depth  the depth
 */
record Architecture(boolean cifar, boolean preact, int depth) {
    /** ImageNet's per-channel mean and std, as torchvision's pretrained weights expect. */
    static final ChannelStats IMAGENET_STATS = new ChannelStats(new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});
    /** CIFAR-10's training-set mean and (population) std. */
    static final ChannelStats CIFAR10_STATS = new ChannelStats(new float[] {0.4914f, 0.4822f, 0.4465f},
            new float[] {0.2470f, 0.2435f, 0.2616f});

    /** The accepted names, for the messages. */
    static final String CHOICES = "resnet18, resnet34, resnet50, resnet101, resnet152 (torchvision), preact-resnet18"
            + " ... preact-resnet152, cifar-resnetD or preact-cifar-resnetD with D = 6n + 2 (20, 32, 44, 56, 110, ...);"
            + " underscores for hyphens as ResNets.named spells them (preact_cifar_resnet20) work too";

    /**
     * @param name such as {@code resnet50} or {@code cifar-resnet20}, any case
     * @return the architecture, or empty when the name is none of {@link #CHOICES}
     */
    static Optional<Architecture> parse(String name) {
        // the library's names with hyphens for underscores, in any case: one grammar for both (ResNets.Name)
        String s = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return ResNets.Name.parse(s).filter(n -> !n.cifar() || n.depth() <= CheckpointMetadata.MAX_DEPTH)
                .map(n -> new Architecture(n.cifar(), n.preActivation(), n.depth()));
    }

    /** @return the architecture of a checkpoint of {@code resvec train} (always a CIFAR ResNet) */
    static Architecture of(Checkpoints.Spec spec) {
        return new Architecture(true, spec.model().equals("preact"), spec.depth());
    }

    /** @return the canonical name, as {@code --arch} takes it */
    String name() {
        return new ResNets.Name(preact, cifar, depth).toString().replace('_', '-');
    }

    /**
     * @param width   the stem width (conv1's output channels)
     * @param classes the rows of {@code fc}
     * @return a model of this architecture, its weights still the seeded initialisation
     */
    ResNet build(int width, int classes) {
        return new ResNets.Name(preact, cifar, depth).build(classes, ResNetOptions.defaults().baseWidth(width));
    }

    /** @return the family's default stem width: 16 (CIFAR) or 64 (ImageNet) */
    int defaultWidth() {
        return cifar ? 16 : 64;
    }

    /** @return the family's default class count, used only when a state dict has no {@code fc.weight} */
    int defaultClasses() {
        return cifar ? 10 : 1000;
    }

    /** @return the family's input side: 32 (CIFAR) or 224 (ImageNet) */
    int defaultImageSize() {
        return cifar ? 32 : 224;
    }

    /** @return the side the shorter side of an image is resized to before the centre {@code size²} is cut out */
    int resizeFor(int size) {
        return cifar ? size : (int) ((long) size * 256 / 224);
    }

    /** @return the normalisation the family's weights usually expect */
    ChannelStats defaultStats() {
        return cifar ? CIFAR10_STATS : IMAGENET_STATS;
    }

    @Override
    public String toString() {
        return name();
    }
}
