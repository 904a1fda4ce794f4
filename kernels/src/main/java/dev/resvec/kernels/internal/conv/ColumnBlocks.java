package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.SgemmKernel;

/**
 * How a column matrix is cut into blocks of output positions that are lowered and multiplied one at a time, so the
 * scratch stays bounded whatever the image size, im2col's writes are still in a near cache when the GEMM packs them,
 * and a single image yields several tasks for the threads. Widths are balanced (no thin last block) and multiples
 * of the GEMM's register tile width NR.
 *
 * <p>Sizes, measured on the 64@56×56 3×3 forward pass, 1 thread, on a Zen 3 core with 512 KiB of L2 (best of
 * ~250 runs on a loaded 2-vCPU VM, so rough): blocks of 64 Ki floats (113 columns) 5.2 ms, 128 Ki 4.2 ms, 256 Ki
 * (455 columns) 3.75 ms, 512 Ki 3.8 ms, 1 Mi 3.9 ms, the whole 1.8 Mi-float column matrix 4.2–6.3 ms. Narrow blocks
 * lose because the GEMM repacks the filters for every block (a copy costs about as much as 16 multiply-adds, so a
 * block of w columns adds ≈ 16/w to the time); the whole matrix loses its caches. Hence a budget of twice the L2
 * size and blocks of at least {@link #MIN_WIDTH} columns.
 *
 * <p>The blocks depend on the shape, the GEMM and the {@link ConvContext} only, never on the thread count, so
 * results do not either.
 */
final class ColumnBlocks {
    /** Floats per block: twice the L2 size in bytes, i.e. L2/2 floats (override: {@code -Dresvec.conv.blockFloats}). */
    static final int BUDGET = Integer.getInteger("resvec.conv.blockFloats",
            (int) Math.min(1 << 22, Math.max(1 << 16, CacheSizes.detected().l2() * 2 / Float.BYTES)));
    /** The narrowest block by default: filter repacking then costs at most ≈ 16/192 ≈ 8% of a block's GEMM. */
    static final int MIN_WIDTH = 192;

    private ColumnBlocks() {}

    /**
     * @param rows     rows of the column matrix (Cg·R·S)
     * @param total    columns of the column matrix (outH·outW)
     * @param gemm     the GEMM that will multiply the blocks
     * @param context  the block budget and narrowest width
     * @return the width of every block but possibly the last
     */
    static int width(int rows, int total, SgemmKernel gemm, ConvContext context) {
        int nr = gemm instanceof BlisGemm blis ? blis.blocking().nr() : 1;
        int widest = Math.max(context.minBlockWidth(), context.blockFloats() / rows);
        int blocks = Math.ceilDiv(total, widest);
        int width = Math.ceilDiv(Math.ceilDiv(total, blocks), nr) * nr;
        return Math.min(width, total);
    }

    /**
     * @param rowsPerChannel rows of one channel's part of the column matrix (R·S)
     * @param total          columns (outH·outW)
     * @param channels       channels in the group
     * @param context        the block budget
     * @return how many channels' rows make one block (at least 1), for the data gradient's col2im
     */
    static int channels(int rowsPerChannel, int total, int channels, ConvContext context) {
        long perChannel = (long) rowsPerChannel * total;
        int fit = (int) Math.max(1, context.blockFloats() / perChannel);
        int blocks = Math.ceilDiv(channels, fit);
        return Math.ceilDiv(channels, blocks);
    }
}
