package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.ProviderSettings;
import java.lang.foreign.MemorySegment;

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
 *   <li>32 registers (AVX-512, and NEON/SVE on AArch64): 8×2 — 16 accumulators + 2 B vectors + 8 broadcasts = 26;
 *   per k step 16 FMAs for 10 loads. Measured on a Zen 5 core (AVX-512, FMA peak ≈ 218 GFLOP/s) over a packed
 *   240×512 block of A and 768 columns of B: 3×3 ran at 168 GFLOP/s, 6×2 at 165, 5×3 at 193, 8×2 at 199 and
 *   12×2 at 205; in whole GEMMs 12×2 matched 8×2 at 1024³ (176 against 175) but lost on the ResNet shapes, whose
 *   row counts (64…2048) are multiples of 8, not of 12 (64×576×3136: 95 against 113).</li>
 * </ul>
 * {@code -Dresvec.gemm.tile=3x3|8x2} forces a shape (for experiments).
 */
final class SgemmTile {
    private SgemmTile() {}

    /** Rows of the register tile. */
    static final int MR;
    /** Vectors per row of the register tile. */
    static final int NV;

    static {
        // validated by ProviderSettings before any vector class is loaded, so this initialiser cannot fail
        String forced = ProviderSettings.system().gemmTile();
        boolean wide = forced.isEmpty() ? vectorRegisters() >= 32 : forced.equals("8x2");
        MR = wide ? 8 : 3;
        NV = wide ? 2 : 3;
    }

    /** Columns of the register tile. */
    static final int NR = NV * VL;

    /** @return the vector registers the JIT can allocate: 32 with AVX-512 or on AArch64, else 16 */
    static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return 32;
        }
        return VectorConfig.PREFERRED_BITS >= 512 ? 32 : 16;
    }

    /** C := acc over the tile (the branch folds away: MR is a constant to C2). */
    static void store(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc) {
        if (MR == 8) {
            SgemmMicrokernels.store8x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else {
            SgemmMicrokernels.store3x3(kc, ap, aOff, bp, bOff, c, ci, ldc);
        }
    }

    /** C := acc + C over the tile. */
    static void accumulate(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc) {
        if (MR == 8) {
            SgemmMicrokernels.accumulate8x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else {
            SgemmMicrokernels.accumulate3x3(kc, ap, aOff, bp, bOff, c, ci, ldc);
        }
    }

    /**
     * C := acc over the first {@code rows} (1 … MR − 1) rows of the tile, at row stride {@code ldc}: an edge tile
     * computes only the rows it has (in pieces of 4, 2 and 1 rows, or 2 and 1 on the 3-row tile) instead of a
     * whole tile of padding. Each element gets the same multiply-adds in the same order as in a whole tile.
     */
    static void storeRows(int rows, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci,
                          int ldc) {
        int r = 0;
        if (NV == 2 && (rows & 4) != 0) {
            SgemmMicrokernels.rows4x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
            r = 4;
        }
        if ((rows & 2) != 0) {
            if (NV == 2) {
                SgemmMicrokernels.rows2x2(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            } else {
                SgemmMicrokernels.rows2x3(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            }
            r += 2;
        }
        if ((rows & 1) != 0) {
            if (NV == 2) {
                SgemmMicrokernels.rows1x2(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            } else {
                SgemmMicrokernels.rows1x3(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            }
        }
    }

    /**
     * C := acc over the first {@code vectors} (1 … NV − 1) vectors of each of the tile's MR rows: the last column
     * strip of a product whose width is not a multiple of NR (n = 196 on the 8×32 tile: 4 columns in the last strip)
     * computes one vector of padding, not NR − 4 columns of it. Each element gets the same multiply-adds in the same
     * order as in a whole tile.
     */
    static void storeColumns(int vectors, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci,
                             int ldc) {
        if (NV == 2) {
            SgemmMicrokernels.cols8x1(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else if (vectors == 1) {
            SgemmMicrokernels.cols3x1(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else {
            SgemmMicrokernels.cols3x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
        }
    }

    // The same four entries with the packed B in the driver's aligned segment (SgemmSegmentMicrokernels).

    /** {@link #store} with B in a segment. */
    static void store(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        if (MR == 8) {
            SgemmSegmentMicrokernels.store8x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else {
            SgemmSegmentMicrokernels.store3x3(kc, ap, aOff, bp, bOff, c, ci, ldc);
        }
    }

    /** {@link #accumulate} with B in a segment. */
    static void accumulate(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        if (MR == 8) {
            SgemmSegmentMicrokernels.accumulate8x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else {
            SgemmSegmentMicrokernels.accumulate3x3(kc, ap, aOff, bp, bOff, c, ci, ldc);
        }
    }

    /** {@link #storeRows} with B in a segment. */
    static void storeRows(int rows, int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci,
                          int ldc) {
        int r = 0;
        if (NV == 2 && (rows & 4) != 0) {
            SgemmSegmentMicrokernels.rows4x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
            r = 4;
        }
        if ((rows & 2) != 0) {
            if (NV == 2) {
                SgemmSegmentMicrokernels.rows2x2(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            } else {
                SgemmSegmentMicrokernels.rows2x3(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            }
            r += 2;
        }
        if ((rows & 1) != 0) {
            if (NV == 2) {
                SgemmSegmentMicrokernels.rows1x2(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            } else {
                SgemmSegmentMicrokernels.rows1x3(kc, ap, aOff + r, bp, bOff, c, ci + r * ldc, ldc);
            }
        }
    }

    /** {@link #storeColumns} with B in a segment. */
    static void storeColumns(int vectors, int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c,
                             int ci, int ldc) {
        if (NV == 2) {
            SgemmSegmentMicrokernels.cols8x1(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else if (vectors == 1) {
            SgemmSegmentMicrokernels.cols3x1(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else {
            SgemmSegmentMicrokernels.cols3x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
        }
    }
}
