package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SGEMM's fused residual must share no element with C, not even as C itself: the write-back reads the residual in
 * the last depth block, after the earlier blocks wrote their partial sums over C, so residual = C silently gave the
 * wrong sum for a deep product (k = 2000: 3.8 where 83.1 was due). Every shared element is rejected, before C is
 * touched; the residual beside C in one array is legal; {@code beta = 1} is the in-place form and gives the same
 * exact sums. Small integers keep every sum exact, so results compare bitwise whatever the blocking.
 */
class GemmResidualOverlapTest {
    private static final int M = 7;
    private static final int N = 9;

    private static float[] integers(Random rnd, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = rnd.nextInt(7) - 3;
        }
        return x;
    }

    /** One depth block, and several (the default KC is at most 512). */
    @ParameterizedTest
    @ValueSource(ints = {5, 2000})
    void residualThatIsCIsRejectedAndBetaOneIsTheInPlaceForm(int k) {
        Random rnd = new Random(k);
        float[] a = integers(rnd, M * k);
        float[] b = integers(rnd, k * N);
        float[] c = integers(rnd, M * N);
        float[] before = c.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, M,
                N, k, 1f, a, 0, k, b, 0, N, 0f, c, 0, N, GemmEpilogue.none().withResidual(c, 0, N),
                Parallelism.singleThread()));
        assertEquals("sgemm: C (7x9 from offset 0, leading dimension 9: elements 0..62) overlaps the epilogue's"
                + " residual (7x9 from offset 0, leading dimension 9: elements 0..62) in the same array; the"
                + " epilogue's residual is read in the last depth block, after earlier blocks wrote partial sums to C,"
                + " so it must not share elements with C, not even as C itself (for C := alpha·op(A)·op(B) + C pass"
                + " beta = 1 instead)", e.getMessage());
        assertArrayEquals(before, c, "C was written before the error");

        float[] separate = new float[M * N];
        Gemm.sgemm(false, false, M, N, k, 1f, a, 0, k, b, 0, N, 0f, separate, 0, N,
                GemmEpilogue.none().withResidual(before, 0, N), Parallelism.threads(2));
        Gemm.sgemm(false, false, M, N, k, 1f, a, 0, k, b, 0, N, 1f, c, 0, N, GemmEpilogue.none(),
                Parallelism.threads(2));
        assertArrayEquals(separate, c, "beta = 1 adds C as the residual did");
    }

    /** Shifted by an element, by a row, with another leading dimension, or only the last element shared. */
    @ParameterizedTest
    @ValueSource(ints = {1, N, 2 * N - 1, -(6 * N + 8)})
    void residualSharingSomeOfCIsRejected(int shift) {
        Random rnd = new Random(shift);
        int k = 11;
        float[] a = integers(rnd, M * k);
        float[] b = integers(rnd, k * N);
        int offC = Math.max(0, -shift) + 1;
        float[] buffer = integers(rnd, offC + shift + 2 * M * N + 4);
        float[] before = buffer.clone();
        int ldr = shift == 2 * N - 1 ? N + 1 : N;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, M,
                N, k, 1f, a, 0, k, b, 0, N, 0f, buffer, offC, N,
                GemmEpilogue.none().withResidual(buffer, offC + shift, ldr), Parallelism.singleThread()));
        assertTrue(e.getMessage().startsWith("sgemm: C (7x9 from offset " + offC + ", leading dimension 9: elements "
                + offC + ".." + (offC + M * N - 1) + ") overlaps the epilogue's residual (7x9 from offset "
                + (offC + shift) + ", leading dimension " + ldr), e.getMessage());
        assertArrayEquals(before, buffer, "nothing written");
    }

    /** C in columns 0..8 and the residual in columns 9..17 of the same rows: nothing shared, legal. */
    @ParameterizedTest
    @ValueSource(ints = {3, 700})
    void residualBesideCInOneArrayIsLegal(int k) {
        Random rnd = new Random(k);
        float[] a = integers(rnd, M * k);
        float[] b = integers(rnd, k * N);
        float[] buffer = integers(rnd, M * 2 * N);
        float[] residual = new float[M * N];
        for (int i = 0; i < M; i++) {
            System.arraycopy(buffer, i * 2 * N + N, residual, i * N, N);
        }
        float[] expected = new float[M * N];
        Gemm.sgemm(false, false, M, N, k, 1f, a, 0, k, b, 0, N, 0f, expected, 0, N,
                GemmEpilogue.none().withResidual(residual, 0, N).withRelu(), Parallelism.singleThread());
        Gemm.sgemm(false, false, M, N, k, 1f, a, 0, k, b, 0, N, 0f, buffer, 0, 2 * N,
                GemmEpilogue.none().withResidual(buffer, N, 2 * N).withRelu(), Parallelism.threads(2));
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                assertEquals(expected[i * N + j], buffer[i * 2 * N + j], "C(" + i + ", " + j + ")");
                assertEquals(residual[i * N + j], buffer[i * 2 * N + N + j], "the residual is not written");
            }
        }
    }
}
