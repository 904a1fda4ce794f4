package dev.resvec.nn.resnet;

import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Module;
import dev.resvec.nn.Sequential;

/**
 * A residual unit {@code out = F(x) + shortcut(x)} of a {@link ResNet}: post-activation ({@link BasicBlock},
 * {@link Bottleneck}; He et al. 2015) or pre-activation ({@link PreActBasicBlock}, {@link PreActBottleneck}; He et
 * al. 2016).
 *
 * <p>Every kind follows torchvision's {@code _make_layer} rule for the shortcut: a projection {@code downsample}
 * (a strided 1×1 convolution, followed by batch norm in v1) when the unit changes the resolution (stride ≠ 1) or
 * the width ({@code inChannels ≠ outChannels}), the identity otherwise.
 */
public abstract sealed class ResidualBlock extends Module
        permits BasicBlock, Bottleneck, PreActBasicBlock, PreActBottleneck {
    private final int inChannels;
    private final int outChannels;
    private final int stride;

    ResidualBlock(int inChannels, int outChannels, int stride) {
        if (inChannels <= 0 || outChannels <= 0 || stride <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected positive channel counts and"
                    + " stride, got in=" + inChannels + ", out=" + outChannels + ", stride=" + stride);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
    }

    /** @return whether a unit with these settings needs a projection shortcut (torchvision's rule) */
    static boolean needsProjection(int inChannels, int outChannels, int stride) {
        return stride != 1 || inChannels != outChannels;
    }

    /** @return the v1 projection: {@code Sequential(1×1 conv with the stride, no bias; BN)} */
    static Sequential projectionWithBn(int inChannels, int outChannels, int stride) {
        return new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, false), new BatchNorm2d(outChannels));
    }

    /** @return the v2 projection: {@code Sequential(1×1 conv with the stride, no bias)} (input already activated) */
    static Sequential projection(int inChannels, int outChannels, int stride) {
        return new Sequential(new Conv2d(inChannels, outChannels, 1, stride, 0, false));
    }

    /**
     * Zeroes the last scaling of the residual branch, so the unit starts as its shortcut (torchvision's
     * {@code zero_init_residual}, after Goyal et al. 2017, "Accurate, Large Minibatch SGD", §5.1).
     */
    abstract void zeroInitLast();

    /** @return the input channel count */
    public final int inChannels() {
        return inChannels;
    }

    /** @return the output channel count (planes × expansion) */
    public final int outChannels() {
        return outChannels;
    }

    /** @return the stride of the unit (1, or 2 at the first unit of a down-sampling stage) */
    public final int stride() {
        return stride;
    }

    /** @return the projection shortcut, or null when the shortcut is the identity */
    public abstract Sequential downsample();
}
