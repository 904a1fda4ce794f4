package dev.resvec.kernels.internal.conv;

/**
 * A provider's kernels for {@link ChannelsLastFilterGradient}: a block of the filter gradient summed over the output
 * positions of one image with the input channels along the lanes, from a zero-padded channels-last copy of the
 * image. The default method is the scalar twin: each sum in double, rounded once.
 */
public interface ChannelsLastGradientKernels {
    /** Taps of one block: three neighbours along a kernel row. */
    int TAPS = 3;

    /** @return input channels per block (the vector length; 1 for the scalar twin) */
    int lanes();

    /** @return output channels per block: as many as leave the accumulators in registers */
    int rows();

    /** @return floats of one block's sums: {@link #rows()}·{@value #TAPS}·{@link #lanes()} */
    default int blockFloats() {
        return rows() * TAPS * lanes();
    }

    /**
     * One block over one image: for {@code i < rows()}, tap {@code t < 3} and lane {@code l < lanes()},
     * <pre>
     *   part[partOff + (i·3 + t)·lanes + l] := Σ_{oy &lt; oh} Σ_{ox &lt; ow}
     *       g[gOff + i·gStride + oy·ow + ox] · x[xOff + oy·rowStep + ox·colStep + xt_t + l]
     * </pre>
     * summed over the positions in row-major order (the vector kernels in one float chain per element from zero).
     *
     * @param g        the output gradient: rows {@code gStride} apart, each an oh×ow plane
     * @param x        the channels-last padded image, read only at the offsets above
     * @param rowStep  floats from one output row's operands to the next's (stride × padded row)
     * @param colStep  floats from one output column's operands to the next's (stride × channels)
     * @param xt0      the first tap's offset; {@code xt1} and {@code xt2} the other two's
     */
    default void block(float[] g, int gOff, int gStride, int oh, int ow, float[] x, int xOff, int rowStep,
                       int colStep, int xt0, int xt1, int xt2, float[] part, int partOff) {
        int lanes = lanes();
        for (int i = 0; i < rows(); i++) {
            for (int t = 0; t < TAPS; t++) {
                int tap = t == 0 ? xt0 : t == 1 ? xt1 : xt2;
                for (int l = 0; l < lanes; l++) {
                    double sum = 0;
                    for (int oy = 0; oy < oh; oy++) {
                        int gRow = gOff + i * gStride + oy * ow, xRow = xOff + oy * rowStep + tap + l;
                        for (int ox = 0; ox < ow; ox++) {
                            sum += (double) g[gRow + ox] * x[xRow + ox * colStep];
                        }
                    }
                    part[partOff + (i * TAPS + t) * lanes + l] = (float) sum;
                }
            }
        }
    }
}
