package dev.resvec.nn.resnet;

import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Sequential;

/**
 * The post-activation basic unit of ResNet v1 (He et al. 2015, Fig. 2 and 5 left), as torchvision's
 * {@code BasicBlock} (expansion 1): {@code out = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, both
 * convolutions 3×3 with padding 1, the stride on {@code conv1}; the shortcut is {@code downsample} (1×1 conv + BN)
 * when stride or width changes. Each batch norm runs with what follows it fused ({@link BatchNorm2d#forward(Tensor,
 * Tensor, boolean)}): {@code relu(bn1(·))}, and the final {@code relu(bn2(·) + shortcut)} in one pass.
 *
 * <p>State-dict keys: {@code conv1.weight}, {@code bn1.*}, {@code conv2.weight}, {@code bn2.*},
 * {@code downsample.0.weight}, {@code downsample.1.*}.
 */
public final class BasicBlock extends ResidualBlock {
    /** Output channels per plane. */
    public static final int EXPANSION = 1;

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    /**
     * @param inChannels channels of the input
     * @param planes     channels of both convolutions and of the output
     * @param stride     stride of {@code conv1} (and of the projection)
     */
    public BasicBlock(int inChannels, int planes, int stride) {
        super(inChannels, planes * EXPANSION, stride);
        conv1 = registerModule("conv1", new Conv2d(inChannels, planes, 3, stride, 1, false));
        bn1 = registerModule("bn1", new BatchNorm2d(planes));
        registerModule("relu", new ReLU());
        conv2 = registerModule("conv2", new Conv2d(planes, planes, 3, 1, 1, false));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        downsample = needsProjection(inChannels, planes * EXPANSION, stride)
                ? registerModule("downsample", projectionWithBn(inChannels, planes * EXPANSION, stride)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = bn1.forward(conv1.forward(x), null, true);
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return bn2.forward(conv2.forward(h), shortcut, true);
    }

    /** Zeroes γ of {@code bn2}. */
    @Override
    void zeroInitLast() {
        bn2.weight().copyFrom(Tensor.zeros(bn2.numFeatures()));
    }

    @Override
    public Sequential downsample() {
        return downsample;
    }
}
