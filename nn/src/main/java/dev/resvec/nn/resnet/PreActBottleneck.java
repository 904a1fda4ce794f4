package dev.resvec.nn.resnet;

import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Sequential;

/**
 * The pre-activation bottleneck unit of ResNet v2 (He et al. 2016, "Identity Mappings in Deep Residual Networks"),
 * in the layout of timm's {@code ResNetV2} bottleneck with torchvision-style names:
 * <pre>
 *   p   = relu(bn1(x))
 *   s   = downsample.0(p)   when stride or width changes (1×1 conv with the stride, no BN), else x
 *   h   = conv3(relu(bn3(conv2(relu(bn2(conv1(p)))))))   1×1 (planes), 3×3 (planes, the stride), 1×1 (4·planes)
 *   out = h + s                                          no activation after the addition
 * </pre>
 *
 * <p>State-dict keys: {@code bn1.*}, {@code conv1.weight}, {@code bn2.*}, {@code conv2.weight}, {@code bn3.*},
 * {@code conv3.weight}, {@code downsample.0.weight}.
 */
public final class PreActBottleneck extends ResidualBlock {
    /** Output channels per plane. */
    public static final int EXPANSION = 4;

    private final BatchNorm2d bn1;
    private final Conv2d conv1;
    private final BatchNorm2d bn2;
    private final Conv2d conv2;
    private final BatchNorm2d bn3;
    private final Conv2d conv3;
    private final Sequential downsample;

    /**
     * @param inChannels channels of the input
     * @param planes     inner width; the output has 4·planes
     * @param stride     stride of the 3×3 {@code conv2} (and of the projection)
     */
    public PreActBottleneck(int inChannels, int planes, int stride) {
        super(inChannels, planes * EXPANSION, stride);
        int out = planes * EXPANSION;
        bn1 = registerModule("bn1", new BatchNorm2d(inChannels));
        conv1 = registerModule("conv1", new Conv2d(inChannels, planes, 1, 1, 0, false));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        conv2 = registerModule("conv2", new Conv2d(planes, planes, 3, stride, 1, false));
        bn3 = registerModule("bn3", new BatchNorm2d(planes));
        conv3 = registerModule("conv3", new Conv2d(planes, out, 1, 1, 0, false));
        downsample = needsProjection(inChannels, out, stride)
                ? registerModule("downsample", projection(inChannels, out, stride)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor p = bn1.forward(x, null, true);
        Tensor shortcut = downsample == null ? x : downsample.forward(p);
        Tensor h = bn2.forward(conv1.forward(p), null, true);
        h = bn3.forward(conv2.forward(h), null, true);
        return conv3.forward(h).add(shortcut);
    }

    /** Zeroes the weight of {@code conv3}, the last layer of the branch (timm's {@code zero_init_last}). */
    @Override
    void zeroInitLast() {
        conv3.weight().copyFrom(Tensor.zeros(conv3.weight().shape()));
    }

    @Override
    public Sequential downsample() {
        return downsample;
    }
}
