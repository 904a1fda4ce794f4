package dev.resvec.nn.resnet;

import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Sequential;

/**
 * The pre-activation basic unit of ResNet v2 (He et al. 2016, "Identity Mappings in Deep Residual Networks",
 * Fig. 1b and 4e), in the layout of timm's {@code ResNetV2} basic unit with torchvision-style names:
 * <pre>
 *   p   = relu(bn1(x))
 *   s   = downsample.0(p)   when stride or width changes (1×1 conv with the stride, no BN), else x
 *   h   = conv2(relu(bn2(conv1(p))))     3×3 convolutions, the stride on conv1
 *   out = h + s                          no activation after the addition
 * </pre>
 * The shortcut starts from the activated {@code p} when it projects (the projection needs normalised input, and
 * the raw {@code x} of a pre-activation network is a running sum), and is the untouched {@code x} otherwise: the
 * "clean" identity path of the paper.
 *
 * <p>State-dict keys: {@code bn1.*}, {@code conv1.weight}, {@code bn2.*}, {@code conv2.weight},
 * {@code downsample.0.weight}.
 */
public final class PreActBasicBlock extends ResidualBlock {
    /** Output channels per plane. */
    public static final int EXPANSION = 1;

    private final BatchNorm2d bn1;
    private final Conv2d conv1;
    private final BatchNorm2d bn2;
    private final Conv2d conv2;
    private final Sequential downsample;

    /**
     * @param inChannels channels of the input
     * @param planes     channels of both convolutions and of the output
     * @param stride     stride of {@code conv1} (and of the projection)
     */
    public PreActBasicBlock(int inChannels, int planes, int stride) {
        super(inChannels, planes * EXPANSION, stride);
        bn1 = registerModule("bn1", new BatchNorm2d(inChannels));
        conv1 = registerModule("conv1", new Conv2d(inChannels, planes, 3, stride, 1, false));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        conv2 = registerModule("conv2", new Conv2d(planes, planes, 3, 1, 1, false));
        downsample = needsProjection(inChannels, planes * EXPANSION, stride)
                ? registerModule("downsample", projection(inChannels, planes * EXPANSION, stride)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor p = bn1.forward(x, null, true);
        Tensor shortcut = downsample == null ? x : downsample.forward(p);
        Tensor h = conv2.forward(bn2.forward(conv1.forward(p), null, true));
        return h.add(shortcut);
    }

    /**
     * Zeroes the weight of {@code conv2}, the last layer of the branch (a pre-activation branch ends with a
     * convolution, not a BN; timm's {@code zero_init_last} does the same).
     */
    @Override
    void zeroInitLast() {
        conv2.weight().copyFrom(Tensor.zeros(conv2.weight().shape()));
    }

    @Override
    public Sequential downsample() {
        return downsample;
    }
}
