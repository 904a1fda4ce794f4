package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.Settled;
import dev.resvec.kernels.internal.SgemmKernel;
import dev.resvec.kernels.internal.TuningProperty;
import java.util.function.UnaryOperator;

/**
 * How a column matrix is cut into blocks of output positions that are lowered and multiplied one at a time, so the
 * scratch stays bounded whatever the image size, im2col's writes are still in a near cache when the GEMM packs them,
 * and a single image yields several tasks for the threads. Widths are balanced (no thin last block) and multiples
 * of the GEMM's register tile width NR.
 *
 * <p>Two limits, from the forward pass on one thread of a Zen 3 core with 512 KiB of L2 (configurations run in
 * turn in one JVM, minimum of 135–370 rounds on a loaded 2-vCPU VM, so rough):
 * <ul>
 *   <li>a budget of floats per block: on 64@56×56 3×3 (576 rows), blocks of 120 columns (64 Ki floats) took
 *       4.83 ms, 240 columns 4.29 ms, 456 columns (256 Ki floats) 4.04 ms, the whole 3136-column matrix 4.40 ms
 *       (an earlier, noisier series: 512 Ki 3.8 ms, 1 Mi 3.9 ms). The default budget is twice the L2 size in
 *       bytes;</li>
 *   <li>a least width, {@code filterReuse} times the rows of the filter matrix: the GEMM repacks the whole filter
 *       matrix (Kg × Cg·R·S) for every block, as many floats as a block {@code Kg} columns wide, so a block narrower
 *       than a few Kg spends more on repacking filters than on lowering input. On 256@14×14 3×3 (196 columns, a
 *       256 × 2304 filter matrix) blocks of 120 columns took 4.90 ms, one block 4.05 ms; the filter gradient
 *       3.99 ms and 3.75 ms. With {@code filterReuse} = 4 the default is within noise of the best of these on the
 *       3×3 layers of ResNet and the 7×7 stem.</li>
 * </ul>
 *
 * <p>The blocks depend on the shape, the GEMM and the {@link ConvContext} only, never on the thread count, so
 * results do not either.
 */
final class ColumnBlocks {
    /** The property that overrides the floats per block. */
    static final String BLOCK_FLOATS = "resvec.conv.blockFloats";
    /** The largest budget an override may give (the budget is a target; a block never exceeds the whole matrix). */
    static final int MAX_BUDGET = 1 << 30;
    /** A block is at least this many times as wide as the filter matrix has rows (repacking ≤ 1/4 of lowering). */
    static final int FILTER_REUSE = 4;

    private ColumnBlocks() {}

    // Settled: a malformed property fails every call the same way, not with a NoClassDefFoundError from the second.
    private static final class Holder {
        static final Settled<Integer> BUDGET = Settled.of(() -> budget(System::getProperty,
                CacheSizes.detected().l2()));
    }

    /**
     * @return floats per block, read once: twice the L2 size in bytes, i.e. L2/2 floats, or
     *         {@code -Dresvec.conv.blockFloats}
     * @throws IllegalStateException on every call when the property is malformed
     */
    static int budget() {
        return Holder.BUDGET.get();
    }

    /**
     * @param properties the system properties (a map in tests)
     * @param l2         this core's L2 cache in bytes
     * @return floats per block
     * @throws IllegalStateException when the property is not an integer from 1 to {@value #MAX_BUDGET}
     */
    static int budget(UnaryOperator<String> properties, long l2) {
        int fallback = (int) Math.min(1 << 22, Math.max(1 << 16, l2 * 2 / Float.BYTES));
        return TuningProperty.readInt(properties, BLOCK_FLOATS, fallback, 1, MAX_BUDGET);
    }

    /**
     * @param rows       rows of the column matrix (Cg·R·S)
     * @param total      columns of the column matrix (outH·outW)
     * @param filterRows rows of the filter matrix the GEMM repacks per block (Kg)
     * @param gemm       the GEMM that will multiply the blocks
     * @param context    the block budget and filter reuse
     * @return the width of every block but possibly the last
     */
    static int width(int rows, int total, int filterRows, SgemmKernel gemm, ConvContext context) {
        int nr = gemm instanceof BlisGemm blis ? blis.blocking().nr() : 1;
        long widest = Math.max(1, Math.max(context.blockFloats() / rows, (long) context.filterReuse() * filterRows));
        int blocks = (int) Math.ceilDiv(total, Math.min(widest, total));
        int width = Math.ceilDiv(Math.ceilDiv(total, blocks), nr) * nr;
        return Math.min(width, total);
    }

    /**
     * Rows of the column matrix per task of the filter gradient (a multiple of the register tile width NR, the
     * GEMM's n there): the tasks split gradW by columns, and each repacks the output gradient block (Kg × width) for
     * itself, so a task takes at least {@code filterReuse·Kg} rows, as a column block takes that many columns. The
     * count depends on the shape only (64@56×56 3×3: 2 tasks of 288 rows).
     *
     * @param rows       rows of the column matrix (Cg·R·S)
     * @param filterRows rows of the output gradient (Kg)
     * @param gemm       the GEMM
     * @param context    the filter reuse
     * @return rows per task, the last task taking what is left
     */
    static int filterRows(int rows, int filterRows, SgemmKernel gemm, ConvContext context) {
        int nr = gemm instanceof BlisGemm blis ? blis.blocking().nr() : 1;
        long least = Math.max(nr, (long) context.filterReuse() * filterRows);
        int tasks = (int) Math.max(1, rows / least);
        return Math.min(rows, Math.ceilDiv(Math.ceilDiv(rows, tasks), nr) * nr);
    }

    /**
     * Blocks of input channels for the data gradient, whose GEMM repacks the output gradient (Kg × outH·outW) for
     * every block: the same two limits, on rows instead of columns.
     *
     * @param rowsPerChannel rows of one channel's part of the column matrix (R·S)
     * @param total          columns (outH·outW)
     * @param channels       channels in the group
     * @param filterRows     rows of the output gradient the GEMM repacks per block (Kg)
     * @param context        the block budget and reuse
     * @return how many channels' rows make one block (at least 1)
     */
    static int channels(int rowsPerChannel, int total, int channels, int filterRows, ConvContext context) {
        long fit = Math.max(context.blockFloats() / ((long) rowsPerChannel * total),
                Math.ceilDiv((long) context.filterReuse() * filterRows, rowsPerChannel));
        int blocks = (int) Math.ceilDiv(channels, Math.max(1, Math.min(fit, channels)));
        return Math.ceilDiv(channels, blocks);
    }
}
