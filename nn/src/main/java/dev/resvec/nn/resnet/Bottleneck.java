package dev.resvec.nn.resnet;

import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Sequential;

/**
 * The post-activation bottleneck unit of ResNet v1 (He et al. 2015, Fig. 5 right), as torchvision's
 * {@code Bottleneck} ("ResNet v1.5"): 1×1 (planes) → 3×3 (planes, carrying the stride) → 1×1 (4·planes), each
 * followed by BN, ReLU between them, and {@code out = relu(bn3(conv3(…)) + shortcut(x))}. Putting the stride on
 * the 3×3 rather than the first 1×1 (as the paper does) is torchvision's choice, after NVIDIA's observation that
 * it is more accurate; the weights and keys are the same either way.
 *
 * <p>State-dict keys: {@code conv1..conv3.weight}, {@code bn1..bn3.*}, {@code downsample.0.weight},
 * {@code downsample.1.*}.
 */
public final class Bottleneck extends ResidualBlock {
    /** Output channels per plane. */
    public static final int EXPANSION = 4;

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final Sequential downsample;

    /**
     * @param inChannels channels of the input
     * @param planes     inner width (channels of the 1×1 and 3×3 convolutions); the output has 4·planes
     * @param stride     stride of the 3×3 {@code conv2} (and of the projection)
     */
    public Bottleneck(int inChannels, int planes, int stride) {
        super(inChannels, planes * EXPANSION, stride);
        int out = planes * EXPANSION;
        conv1 = registerModule("conv1", new Conv2d(inChannels, planes, 1, 1, 0, false));
        bn1 = registerModule("bn1", new BatchNorm2d(planes));
        conv2 = registerModule("conv2", new Conv2d(planes, planes, 3, stride, 1, false));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        conv3 = registerModule("conv3", new Conv2d(planes, out, 1, 1, 0, false));
        bn3 = registerModule("bn3", new BatchNorm2d(out));
        registerModule("relu", new ReLU());
        downsample = needsProjection(inChannels, out, stride)
                ? registerModule("downsample", projectionWithBn(inChannels, out, stride)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = bn1.forward(conv1.forward(x), null, true);
        h = bn2.forward(conv2.forward(h), null, true);
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return bn3.forward(conv3.forward(h), shortcut, true);
    }

    /** Zeroes γ of {@code bn3}. */
    @Override
    void zeroInitLast() {
        bn3.weight().copyFrom(Tensor.zeros(bn3.numFeatures()));
    }

    @Override
    public Sequential downsample() {
        return downsample;
    }
}
