package dev.resvec.nn.resnet;

import dev.resvec.core.Tensor;
import dev.resvec.nn.AdaptiveAvgPool2d;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.MaxPool2d;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Linear;
import dev.resvec.nn.Module;
import dev.resvec.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A residual network, built by {@link ResNets}: post-activation (v1, He et al. 2015) or pre-activation (v2, He et
 * al. 2016), with the ImageNet or the CIFAR stem, and state-dict keys as torchvision's.
 *
 * <h2>v1, post-activation (torchvision's {@code ResNet})</h2>
 * <pre>
 *   conv1 → bn1 → relu [→ maxpool] → layer1 … layerS → avgpool → flatten → fc
 * </pre>
 * ImageNet stem: {@code conv1} 7×7/2, padding 3, no bias, w channels; {@code maxpool} 3×3/2, padding 1. CIFAR stem
 * (He et al. 2015, §4.2): {@code conv1} 3×3/1, padding 1, no max pool. Units: {@link BasicBlock} or
 * {@link Bottleneck}. Keys: {@code conv1.weight}, {@code bn1.*}, {@code layerK.J.*}, {@code fc.weight},
 * {@code fc.bias}.
 *
 * <h2>v2, pre-activation (timm's {@code ResNetV2} unit structure, torchvision-style keys)</h2>
 * <pre>
 *   conv1 [→ maxpool] → layer1 … layerS → bn → relu → avgpool → flatten → fc
 * </pre>
 * The stem is {@code conv1} alone (plus the max pool for ImageNet): no BN or ReLU, because every unit
 * pre-activates its own input ({@link PreActBasicBlock}, {@link PreActBottleneck}: {@code p = relu(bn1(x))}, a
 * projection {@code downsample.0} of {@code p} where stride or width changes, {@code out = h + s} with no
 * activation after the addition). The output of the last unit is a raw sum, so the head normalises and activates
 * it ({@code bn}, ReLU) before pooling. Keys: {@code conv1.weight},
 * {@code layerK.J.{bn1,conv1,bn2,conv2[,bn3,conv3]}.*}, {@code layerK.J.downsample.0.weight}, {@code bn.*},
 * {@code fc.*}.
 *
 * <h2>Stages</h2>
 * Stage K (K = 1…S) has {@code blocksPerStage[K-1]} units of planes w·2^(K-1); its first unit has stride 2 (except
 * in stage 1) and, where stride or width changes, the projection shortcut; the others have stride 1 and identity
 * shortcuts (torchvision's {@code _make_layer}).
 *
 * <h2>Initialisation (torchvision's rules, seeded)</h2>
 * Every convolution weight from N(0, 2/fan_out) (Kaiming He's normal rule, {@code mode='fan_out'}); batch norm
 * γ = 1, β = 0; {@code fc} with PyTorch's default U(±1/√in); then, with {@code zeroInitResidual}, the last
 * scaling of each residual branch set to zero. Each parameter draws from its own stream seeded by the model's
 * seed and its key ({@link dev.resvec.nn.Init#seedFor}).
 */
public final class ResNet extends Module {
    /** The stem and stage layout. */
    public enum Stem {
        /** 7×7/2 convolution and 3×3/2 max pool; four stages (torchvision). */
        IMAGENET,
        /** 3×3/1 convolution, no max pool; three stages (He et al. 2015, §4.2). */
        CIFAR
    }

    private final String name;
    private final Stem stem;
    private final boolean preActivation;
    private final boolean bottleneck;
    private final int[] blocksPerStage;
    private final int baseWidth;
    private final int numClasses;

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final MaxPool2d maxpool;
    private final List<Sequential> stages = new ArrayList<>();
    private final BatchNorm2d bn;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;

    ResNet(String name, Stem stem, boolean bottleneck, int[] blocksPerStage, int numClasses, ResNetOptions options) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException(name + ": expected a positive number of classes, got " + numClasses);
        }
        this.name = name;
        this.stem = stem;
        this.preActivation = options.preActivation();
        this.bottleneck = bottleneck;
        this.blocksPerStage = blocksPerStage.clone();
        this.baseWidth = options.baseWidth() != 0 ? options.baseWidth() : (stem == Stem.IMAGENET ? 64 : 16);
        this.numClasses = numClasses;
        int w = baseWidth;

        // Registration order is state-dict order: torchvision's for v1, conv1 / layers / bn / fc for v2.
        conv1 = registerModule("conv1", stem == Stem.IMAGENET
                ? new Conv2d(3, w, 7, 2, 3, false) : new Conv2d(3, w, 3, 1, 1, false));
        if (!preActivation) {
            bn1 = registerModule("bn1", new BatchNorm2d(w));
            registerModule("relu", new ReLU());
        } else {
            bn1 = null;
        }
        maxpool = stem == Stem.IMAGENET ? registerModule("maxpool", new MaxPool2d(3, 2, 1)) : null;
        int in = w;
        for (int k = 0; k < blocksPerStage.length; k++) {
            int planes = w << k;
            ResidualBlock[] units = new ResidualBlock[blocksPerStage[k]];
            for (int j = 0; j < units.length; j++) {
                int stride = (k > 0 && j == 0) ? 2 : 1;
                units[j] = unit(in, planes, stride);
                in = units[j].outChannels();
            }
            stages.add(registerModule("layer" + (k + 1), new Sequential(units)));
        }
        if (preActivation) {
            bn = registerModule("bn", new BatchNorm2d(in));
            registerModule("relu", new ReLU());
        } else {
            bn = null;
        }
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        fc = registerModule("fc", new Linear(in, numClasses));
        ResNetInit.initialize(this, options.seed(), options.zeroInitResidual());
    }

    private ResidualBlock unit(int in, int planes, int stride) {
        if (bottleneck) {
            return preActivation ? new PreActBottleneck(in, planes, stride) : new Bottleneck(in, planes, stride);
        }
        return preActivation ? new PreActBasicBlock(in, planes, stride) : new BasicBlock(in, planes, stride);
    }

    /**
     * @param input N×3×H×W images (any size the stride-32 (ImageNet) or stride-4 (CIFAR) downsampling leaves at
     *              least 1×1)
     * @return N×numClasses logits
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = conv1.forward(input);
        if (!preActivation) {
            x = bn1.forward(x, null, true);
        }
        if (maxpool != null) {
            x = maxpool.forward(x);
        }
        for (Sequential stage : stages) {
            x = stage.forward(x);
        }
        if (preActivation) {
            x = bn.forward(x, null, true);
        }
        x = avgpool.forward(x).flatten(1, -1);
        return fc.forward(x);
    }

    /** @return the model's name: {@code resnet18}, {@code preact_resnet50}, {@code cifar_resnet20}, … */
    public String name() {
        return name;
    }

    /** @return the stem and stage layout */
    public Stem stem() {
        return stem;
    }

    /** @return whether the units are pre-activation (v2) */
    public boolean isPreActivation() {
        return preActivation;
    }

    /** @return whether the units are bottlenecks */
    public boolean isBottleneck() {
        return bottleneck;
    }

    /** @return the number of units in each stage */
    public int[] blocksPerStage() {
        return blocksPerStage.clone();
    }

    /** @return the depth: weighted layers on the main path (2 or 3 per unit, plus the stem conv and fc) */
    public int depth() {
        return Arrays.stream(blocksPerStage).sum() * (bottleneck ? 3 : 2) + 2;
    }

    /** @return the stem width w */
    public int baseWidth() {
        return baseWidth;
    }

    /** @return the number of output classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return the stages {@code layer1…}, in order */
    public List<Sequential> stages() {
        return List.copyOf(stages);
    }

    /** @return the classifier */
    public Linear fc() {
        return fc;
    }

    @Override
    protected String extraRepr() {
        return name;
    }
}
