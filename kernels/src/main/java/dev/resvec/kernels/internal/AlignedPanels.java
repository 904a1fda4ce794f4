package dev.resvec.kernels.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Scratch for the GEMM driver's packed panels of B in native memory aligned to a cache line. Why: the microkernel
 * loads a vector of B per k step and vector of the tile's row; where the KC×NR micro-panel outgrows L1 (KC = 512 on
 * AVX-512: 64 KiB), each load that straddles two cache lines costs two fills from L2. A Java array lies wherever the
 * heap put it (8-byte aligned), so a 64-byte vector straddles on every load in 7 of 8 placements, and which one a run
 * gets is chance. Measured (Xeon Emerald Rapids, 1 thread, 1024³): the same driver with its packed array shifted by
 * 0–15 floats ran at 193–195 GFLOP/s at 15 of the shifts and at 212 at the one that aligned it; the 8×32 tile over a
 * 512-deep panel from L2 at 222–225 misaligned and 246 aligned. The memory is freed with the segment (an automatic
 * arena), and any thread may read it.
 */
final class AlignedPanels {
    /** A cache line, and a 512-bit vector. */
    static final long ALIGNMENT = 64;

    private AlignedPanels() {}

    /**
     * @param current a segment from here, or {@link MemorySegment#NULL}
     * @param floats  the floats needed
     * @return {@code current} where it holds {@code floats} floats, else a new aligned segment that does
     */
    static MemorySegment atLeast(MemorySegment current, long floats) {
        return current.byteSize() >= floats * Float.BYTES ? current : allocate(floats);
    }

    /** @return a new aligned segment of {@code floats} floats, zero-filled */
    static MemorySegment allocate(long floats) {
        return Arena.ofAuto().allocate(floats * Float.BYTES, ALIGNMENT);
    }
}
