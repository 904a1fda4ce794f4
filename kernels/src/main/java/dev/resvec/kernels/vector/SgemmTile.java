package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.VL;

/**
 * The register tile of the vector SGEMM on this CPU: MR rows × NV vectors of C, chosen once from the number of
 * vector registers the ISA has.
 *
 * <p>C2 schedules the loads of a k step (NV vectors of B, MR broadcasts of A) ahead of its FMAs, so a tile fits
 * only if MR·NV accumulators + NV + (most of) MR loaded values fit the register file; a tile that does not fit
 * spills an accumulator to the stack on every k step.
 * <ul>
 *   <li>16 registers (x86 without AVX-512: AVX2, SSE): 3×3 — 9 accumulators + 3 B vectors + 3 broadcasts = 15.
 *   BLIS's 6×16 AVX2 tile needs its assembly's interleaving; under C2 it spilled (Zen 3: 4×16 ran at 55-65
 *   GFLOP/s from L1, 3×24 at 62-93, peak 96).</li>
 *   <li>32 registers (AVX-512, and NEON/SVE on AArch64): 8×2 — 16 accumulators + 2 B vectors + 8 broadcasts = 26,
 *   the k loop's FMA:load ratio 16:10. Measured on a Zen 5 core (AVX-512, peak ≈ 218 GFLOP/s) over a packed
 *   240×512 block of A and 768 columns of B: 3×3 ran at 168, 6×2 at 165, 8×2 at 199, 12×2 at 205, 5×3 at 193
 *   GFLOP/s. 12×2 is as fast in that loop but wastes more on the row edges of ResNet shapes (M = 64…2048 is a
 *   multiple of 8, not of 12), see {@code VectorSgemm}.</li>
 * </ul>
 * {@code -Dresvec.gemm.tile=3x3|8x2|12x2|6x2|4x4} forces a shape (for experiments and the tests of every shape).
 */
final class SgemmTile {
    private SgemmTile() {}

    /** The shape, encoded as MR·100 + NV. */
    static final int SHAPE = choose();
    /** Rows of the register tile. */
    static final int MR = SHAPE / 100;
    /** Vectors per row of the register tile. */
    static final int NV = SHAPE % 100;
    /** Columns of the register tile. */
    static final int NR = NV * VL;

    private static int choose() {
        String forced = System.getProperty("resvec.gemm.tile", "").trim();
        if (!forced.isEmpty()) {
            int shape = switch (forced) {
                case "3x3" -> 303;
                case "8x2" -> 802;
                case "12x2" -> 1202;
                case "6x2" -> 602;
                case "4x4" -> 404;
                default -> throw new IllegalStateException(
                        "-Dresvec.gemm.tile must be one of 3x3, 8x2, 12x2, 6x2, 4x4, got '" + forced + "'");
            };
            return shape;
        }
        return vectorRegisters() >= 32 ? 802 : 303;
    }

    /** @return the vector registers the JIT can allocate: 32 with AVX-512 or on AArch64, else 16 */
    static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return 32;
        }
        return VectorConfig.PREFERRED_BITS >= 512 ? 32 : 16;
    }

    /** The microkernel of {@link #SHAPE} (the switch folds away: SHAPE is a constant to C2). */
    static void compute(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc, int mode) {
        switch (SHAPE) {
            case 303 -> SgemmMicrokernels.tile3x3(kc, ap, aOff, bp, bOff, c, ci, ldc, mode);
            case 802 -> SgemmMicrokernels.tile8x2(kc, ap, aOff, bp, bOff, c, ci, ldc, mode);
            case 1202 -> SgemmMicrokernels.tile12x2(kc, ap, aOff, bp, bOff, c, ci, ldc, mode);
            case 602 -> SgemmMicrokernels.tile6x2(kc, ap, aOff, bp, bOff, c, ci, ldc, mode);
            case 404 -> SgemmMicrokernels.tile4x4(kc, ap, aOff, bp, bOff, c, ci, ldc, mode);
            default -> throw new AssertionError(SHAPE);
        }
    }
}
