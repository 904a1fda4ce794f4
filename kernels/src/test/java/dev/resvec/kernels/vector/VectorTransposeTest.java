package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.VL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorTranspose} against its definition. The register transposes exist only for 8 and 16 lanes (narrower
 * species take scalar packing paths), so the kernels pom leaves this class out of the executions that force
 * 128-bit vectors rather than letting it be skipped there.
 */
class VectorTransposeTest {

    @Test
    void interleaveIsTheTranspose() {
        assertTrue(VL >= 8, "this class runs only where the species has 8 or 16 lanes; this JVM runs " + VL
                + " (the kernels pom must exclude it from narrower executions)");
        Random rnd = new Random(20261202);
        for (int trial = 0; trial < 30; trial++) {
            int stride = VL + rnd.nextInt(25);
            float[] src = RandomFloats.of(rnd, 3 + 15 * stride + VL);
            for (int rows : VL == 16 ? new int[] {8, 16} : new int[] {8}) {
                int dStride = VL + rnd.nextInt(3);
                float[] dst = new float[5 + (rows - 1) * dStride + VL];
                if (rows == 8) {
                    VectorTranspose.interleave8(src, 3, stride, dst, 5, dStride);
                } else {
                    VectorTranspose.interleave16(src, 3, stride, dst, 5, dStride);
                }
                for (int s = 0; s < rows * VL; s++) { // the p-major sequence: row s % rows, column s / rows
                    float expected = src[3 + (s % rows) * stride + s / rows];
                    float actual = dst[5 + (s / VL) * dStride + s % VL];
                    assertEquals(expected, actual, "rows=" + rows + " stride=" + stride + " element " + s);
                }
            }
        }
    }
}
