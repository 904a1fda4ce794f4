package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * How a Winograd call's tiles are blocked on its threads ({@link WinogradForward#plan}), on the AVX-512 tile's
 * 32-column register width: one block per thread where there are enough tiles, whole blocks per thread (as many for
 * each) where there are at least two per thread, and otherwise the budget's blocks as they are, each step split —
 * never a one-block call cut in two for the sake of balance.
 */
class WinogradPlanTest {
    private static final int NR = 32;

    @Test
    void oneThreadKeepsTheBudgetsBlocks() {
        assertEquals(new WinogradForward.Plan(49, 1, false), WinogradForward.plan(49, 49, 1, NR));
        assertEquals(new WinogradForward.Plan(100, 4, false), WinogradForward.plan(392, 100, 1, NR));
    }

    @Test
    void aOneBlockCallOnTwoThreadsStaysOneBlock() {
        // batch 1: 128@28×28 F(4×4) has 49 tiles, 256@14×14 F(4×4) 16, 512@7×7 F(2×2) 16 (a budget beyond the
        // call's tiles is one block of them)
        assertEquals(new WinogradForward.Plan(49, 1, false), WinogradForward.plan(49, 49, 2, NR));
        assertEquals(new WinogradForward.Plan(16, 1, false), WinogradForward.plan(16, 4096, 2, NR));
        assertEquals(new WinogradForward.Plan(16, 1, false), WinogradForward.plan(16, 16, 3, NR));
    }

    @Test
    void enoughTilesGiveOneBlockPerThread() {
        // 64@56×56 F(4×4) at batch 1: 196 tiles ≥ 2 threads × 3 widths × 32
        assertEquals(new WinogradForward.Plan(98, 2, true), WinogradForward.plan(196, 196, 2, NR));
        // with an 8-column register tile, 49 tiles are enough for two blocks
        assertEquals(new WinogradForward.Plan(25, 2, true), WinogradForward.plan(49, 49, 2, 8));
    }

    @Test
    void manyBlocksShareOutEvenly() {
        // 7 blocks of 56 on 2 threads become 8 of 49; 4 blocks on 2 threads are even already
        assertEquals(new WinogradForward.Plan(49, 8, true), WinogradForward.plan(392, 56, 2, NR));
        assertEquals(new WinogradForward.Plan(100, 4, true), WinogradForward.plan(400, 100, 2, NR));
        // 3 blocks on 2 threads (too few tiles for one block per thread): 4, taken whole
        assertEquals(new WinogradForward.Plan(38, 4, true), WinogradForward.plan(150, 50, 2, NR));
    }

    @Test
    void twoOrThreeBlocksBelowTwoPerThreadRunInTurn() {
        // 2 blocks on 2 threads, too few tiles for one block per thread: each block's steps split, in turn
        assertEquals(new WinogradForward.Plan(90, 2, false), WinogradForward.plan(180, 90, 2, NR));
        // 3 blocks on 3 threads likewise; 2 on 3 threads are not padded to 3
        assertEquals(new WinogradForward.Plan(60, 3, false), WinogradForward.plan(180, 60, 3, NR));
        assertEquals(new WinogradForward.Plan(90, 2, false), WinogradForward.plan(180, 90, 3, NR));
    }
}
