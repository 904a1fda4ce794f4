package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.SgemmKernel;

/**
 * How a column matrix is cut into blocks of output positions that are lowered and multiplied one at a time: each
 * block of {@code rows × width} floats fits about half of one core's L2, so im2col's writes are still in cache when
 * the GEMM packs them, the scratch stays small whatever the image size, and a single image yields several tasks
 * for the threads. Widths are balanced (no thin last block) and multiples of the GEMM's register tile width NR.
 *
 * <p>The blocks depend on the shape and the GEMM only, never on the thread count, so results do not either.
 */
final class ColumnBlocks {
    /** Floats per block: half of L2 (override with {@code -Dresvec.conv.blockFloats} for experiments). */
    static final int BUDGET = Integer.getInteger("resvec.conv.blockFloats",
            (int) Math.min(1 << 22, Math.max(1 << 14, CacheSizes.detected().l2() / 2 / Float.BYTES)));
    /** The narrowest block: below this the GEMM's repacking of the filters per block stops being negligible. */
    static final int MIN_WIDTH = 48;

    private ColumnBlocks() {}

    /**
     * @param rows  rows of the column matrix (Cg·R·S)
     * @param total columns of the column matrix (outH·outW)
     * @param gemm  the GEMM that will multiply the blocks
     * @param budget floats a block should hold at most
     * @return the width of every block but possibly the last
     */
    static int width(int rows, int total, SgemmKernel gemm, int budget) {
        int nr = gemm instanceof BlisGemm blis ? blis.blocking().nr() : 1;
        int widest = Math.max(MIN_WIDTH, budget / rows);
        int blocks = Math.ceilDiv(total, widest);
        int width = Math.ceilDiv(Math.ceilDiv(total, blocks), nr) * nr;
        return Math.min(width, total);
    }

    /**
     * @param rowsPerChannel rows of one channel's part of the column matrix (R·S)
     * @param total          columns (outH·outW)
     * @param channels       channels in the group
     * @param budget         floats a block should hold at most
     * @return how many channels' rows make one block (at least 1), for the data gradient's col2im
     */
    static int channels(int rowsPerChannel, int total, int channels, int budget) {
        long perChannel = (long) rowsPerChannel * total;
        int fit = (int) Math.max(1, budget / perChannel);
        int blocks = Math.ceilDiv(channels, fit);
        return Math.ceilDiv(channels, blocks);
    }
}
