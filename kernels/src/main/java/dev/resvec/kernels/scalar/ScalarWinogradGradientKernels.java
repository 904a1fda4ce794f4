package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.conv.WinogradGradientKernels;

/** The scalar twin of the {@link WinogradGradientKernels}: the interface's defaults, each output in double. */
public final class ScalarWinogradGradientKernels implements WinogradGradientKernels {
    private ScalarWinogradGradientKernels() {}

    /** @return the scalar kernels */
    public static WinogradGradientKernels create() {
        return new ScalarWinogradGradientKernels();
    }

    @Override
    public int lanes() {
        return 1;
    }
}
