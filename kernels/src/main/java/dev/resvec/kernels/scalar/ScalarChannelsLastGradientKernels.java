package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.conv.ChannelsLastGradientKernels;

/** The scalar twin of the channels-last filter-gradient block: the interface's defaults, one channel at a time. */
public final class ScalarChannelsLastGradientKernels implements ChannelsLastGradientKernels {
    private ScalarChannelsLastGradientKernels() {}

    /** @return the scalar twin */
    public static ChannelsLastGradientKernels create() {
        return new ScalarChannelsLastGradientKernels();
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public int rows() {
        return 1;
    }
}
