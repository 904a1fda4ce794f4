package dev.resvec.core;

import dev.resvec.kernels.Gemm;
import java.util.Arrays;

/**
 * {@code (..., m, k) @ (..., k, n)}: one {@code Gemm.sgemm} (FLOAT64: {@code Gemm.dgemm}) per batch, the batch
 * dims broadcast. Backward: {@code dA = G·Bᵀ} and {@code dB = Aᵀ·G}, each one GEMM per batch with the transpose
 * flags set (no transposed copies), written straight into the gradient (beta = 0); a broadcast operand's slices are
 * summed with beta = 1, in batch order.
 */
final class MatMul extends Function {
    private int m;
    private int n;
    private int k;
    private int[] batchOut;
    private int[] mapA; // output batch -> A's batch (null: A has no batch dims or the same ones)
    private int[] mapB;
    private int[] shapeA;
    private int[] shapeB;
    private int batchesA;
    private int batchesB;

    @Override
    protected String name() {
        return "matmul";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        BinaryOp.checkDtypes("matmul", a, b);
        if (a.shape.length < 2 || b.shape.length < 2) {
            throw new IllegalArgumentException("matmul: needs tensors of rank >= 2, got shapes " + Shapes.str(a.shape)
                    + " and " + Shapes.str(b.shape) + " (reshape a vector to (1, n) or (n, 1))");
        }
        int ra = a.shape.length;
        int rb = b.shape.length;
        m = a.shape[ra - 2];
        k = a.shape[ra - 1];
        n = b.shape[rb - 1];
        if (b.shape[rb - 2] != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape)
                    + " do not match: the inner dims differ (" + k + " vs " + b.shape[rb - 2] + ")");
        }
        int[] batchA = Arrays.copyOf(a.shape, ra - 2);
        int[] batchB = Arrays.copyOf(b.shape, rb - 2);
        batchOut = Shapes.broadcast("matmul (batch dims of " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape)
                + ")", batchA, batchB);
        shapeA = a.shape;
        shapeB = b.shape;
        batchesA = Shapes.numel(batchA);
        batchesB = Shapes.numel(batchB);
        mapA = Arrays.equals(batchA, batchOut) ? null : Shapes.broadcastMap(batchOut, batchA);
        mapB = Arrays.equals(batchB, batchOut) ? null : Shapes.broadcastMap(batchOut, batchB);
        int[] outShape = Arrays.copyOf(batchOut, batchOut.length + 2);
        outShape[batchOut.length] = m;
        outShape[batchOut.length + 1] = n;
        Tensor c = Tensor.outputZeros(a.dtype, outShape);
        int batches = Shapes.numel(batchOut);
        for (int p = 0; p < batches; p++) {
            gemm(false, false, m, n, k, a, slice(mapA, p) * m * k, k, b, slice(mapB, p) * k * n, n, false, c,
                    p * m * n, n);
        }
        // dA needs B, dB needs A
        saveForBackward(needsInputGrad(1) ? a : null, needsInputGrad(0) ? b : null);
        return c;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor a = savedTensors()[0];
        Tensor b = savedTensors()[1];
        Tensor ga = null;
        Tensor gb = null;
        int batches = Shapes.numel(batchOut);
        if (needsInputGrad(0)) { // dA (m×k) = G (m×n) · Bᵀ (B stored k×n)
            ga = Tensor.outputZeros(g.dtype, shapeA);
            boolean[] seen = new boolean[batchesA];
            for (int p = 0; p < batches; p++) {
                int sa = slice(mapA, p);
                gemm(false, true, m, k, n, g, p * m * n, n, b, slice(mapB, p) * k * n, n, seen[sa], ga, sa * m * k, k);
                seen[sa] = true;
            }
        }
        if (needsInputGrad(1)) { // dB (k×n) = Aᵀ (A stored m×k) · G (m×n)
            gb = Tensor.outputZeros(g.dtype, shapeB);
            boolean[] seen = new boolean[batchesB];
            for (int p = 0; p < batches; p++) {
                int sb = slice(mapB, p);
                gemm(true, false, k, n, m, a, slice(mapA, p) * m * k, k, g, p * m * n, n, seen[sb], gb, sb * k * n, n);
                seen[sb] = true;
            }
        }
        return new Tensor[] {ga, gb};
    }

    private static int slice(int[] map, int p) {
        return map == null ? p : map[p];
    }

    private static void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, int offA, int lda,
                             Tensor b, int offB, int ldb, boolean accumulate, Tensor c, int offC, int ldc) {
        if (a.f != null) {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a.f, offA, lda, b.f, offB, ldb, accumulate ? 1f : 0f, c.f, offC,
                    ldc);
        } else {
            Gemm.dgemm(transA, transB, m, n, k, 1.0, a.d, offA, lda, b.d, offB, ldb, accumulate ? 1.0 : 0.0, c.d,
                    offC, ldc);
        }
    }
}
