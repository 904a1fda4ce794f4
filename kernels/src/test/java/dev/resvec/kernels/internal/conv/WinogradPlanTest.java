package dev.resvec.kernels.internal.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a Winograd call's tiles are blocked on its threads ({@link WinogradForward#plan}): one block per thread where
 * there are enough tiles, whole blocks per thread (as many for each) where there are at least two per thread, and
 * otherwise the budget's blocks as they are, each step split — never a one-block call cut in two for the sake of
 * balance. NR is the register tile's width in tiles (32 on AVX-512).
 */
class WinogradPlanTest {
    /** One case: the call's tiles, the budget's tiles per block, threads, NR, and the expected plan. */
    private record Case(String what, int tiles, int budget, int threads, int nr, WinogradForward.Plan expected) {}

    private static WinogradForward.Plan plan(int blockTiles, int blocks, boolean blocksInParallel) {
        return new WinogradForward.Plan(blockTiles, blocks, blocksInParallel);
    }

    private static final List<Case> CASES = List.of(
            new Case("1 thread keeps one block", 49, 49, 1, 32, plan(49, 1, false)),
            new Case("1 thread keeps the budget's blocks", 392, 100, 1, 32, plan(100, 4, false)),
            // batch 1: 128@28×28 F(4×4) has 49 tiles, 256@14×14 F(4×4) and 512@7×7 F(2×2) 16
            new Case("128@28×28, 2 threads: one block, steps split", 49, 49, 2, 32, plan(49, 1, false)),
            new Case("a budget beyond the call's tiles is one block of them", 16, 4096, 2, 32, plan(16, 1, false)),
            new Case("one block on 3 threads stays one", 16, 16, 3, 32, plan(16, 1, false)),
            // 64@56×56 F(4×4) at batch 1: 196 tiles ≥ 2 threads × 3 widths × 32
            new Case("enough tiles: one block per thread", 196, 196, 2, 32, plan(98, 2, true)),
            new Case("an 8-tile register width makes 49 tiles enough", 49, 49, 2, 8, plan(25, 2, true)),
            // CIFAR's 16@32×32 F(4×4) at batch 64: 4096 tiles, 1820 in an 8 MiB budget
            new Case("one block per thread would outgrow the budget: two per thread", 4096, 1820, 2, 32,
                    plan(1024, 4, true)),
            new Case("one block per thread just within the budget", 4096, 2048, 2, 32, plan(2048, 2, true)),
            new Case("7 blocks on 2 threads become 8", 392, 56, 2, 32, plan(49, 8, true)),
            new Case("4 blocks on 2 threads are even already", 400, 100, 2, 32, plan(100, 4, true)),
            new Case("3 blocks on 2 threads (too few tiles for one each) become 4", 150, 50, 2, 32, plan(38, 4, true)),
            new Case("2 blocks on 2 threads run in turn, steps split", 180, 90, 2, 32, plan(90, 2, false)),
            new Case("3 blocks on 3 threads likewise", 180, 60, 3, 32, plan(60, 3, false)),
            new Case("2 blocks on 3 threads are not padded to 3", 180, 90, 3, 32, plan(90, 2, false)));

    @Test
    void blocksTheTilesAsDocumented() {
        for (Case c : CASES) {
            assertEquals(c.expected(), WinogradForward.plan(c.tiles(), c.budget(), c.threads(), c.nr()), c.what());
        }
    }
}
