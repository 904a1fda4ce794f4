package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.OperandSource;

/**
 * One image's im2col matrix as a GEMM operand that is never written out: the GEMM driver asks for the kc×NR strips
 * it is about to multiply, and they are copied from the image's padded phase-split copy ({@link ColumnIndex},
 * {@link ColumnGather}) on the thread that multiplies them. Compared with lowering the whole matrix and then
 * packing it, the image is read from a copy one R·S-th (stride 1) to R·S/4-th (stride 2) the size of the columns,
 * each strip is written once, into a buffer that stays in L1/L2, and the work runs on every thread of the GEMM. On
 * a 256-channel 28×28 3×3 stride-2 layer (Zen 5, one image) the serial lowering took a third of the forward pass:
 * its runs are 14 floats long, and each cost a copy call and a bounds computation. {@link BatchedPointwise} reads a
 * batch's 1×1 columns the same way, from the input itself ({@code base}: where its index's offsets start).
 */
final class ImplicitColumns implements OperandSource {
    private final ColumnGather gather;
    private final ColumnIndex index;
    private final float[] prepared;
    private final int base;
    private final int firstColumn;

    ImplicitColumns(ColumnGather gather, ColumnIndex index, float[] prepared, int base) {
        this(gather, index, prepared, base, 0);
    }

    /** The columns from {@code firstColumn} on: column j of this operand is column firstColumn + j of the matrix. */
    ImplicitColumns(ColumnGather gather, ColumnIndex index, float[] prepared, int base, int firstColumn) {
        this.gather = gather;
        this.index = index;
        this.prepared = prepared;
        this.base = base;
        this.firstColumn = firstColumn;
    }

    @Override
    public void packRight(int pc, int kc, int jc, int nc, int nr, float[] bp, int off) {
        gather.packRight(index, prepared, base, pc, kc, firstColumn + jc, nc, nr, bp, off);
    }
}
