package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.ParallelRunner;
import dev.resvec.kernels.internal.TuningProperty;
import java.util.Arrays;

/**
 * The float Winograd convolution of one {@link WinogradGeometry} with transformed filters, block of tiles by block
 * of tiles (tiles numbered across the whole batch, see {@link WinogradGeometry}):
 * <ol>
 *   <li>input transform: per input channel, the rows the block's tiles read are split into phases
 *   ({@link WinogradPhases#split}) and transformed, {@code V[ξ][c][t] = (Bᵀ d B)[ξ]}, one tile row at a time, or,
 *   for narrow images, the tiles of all the block's tile rows at once ({@link WinogradStacked});</li>
 *   <li>α² GEMMs, {@code M[ξ] = U[ξ]·V[ξ]} ({@link WinogradGemm}, filters pre-packed);</li>
 *   <li>output transform per output channel, {@code Y = Aᵀ M A}, and the write into NCHW with the epilogue, cropped
 *   at the right and bottom edges ({@link WinogradPhases#merge}).</li>
 * </ol>
 * Threads take whole blocks when there are at least two per thread or enough tiles for a block each, else split each
 * step by its independent index (input channel, point ξ, output channel or tile), never a sum. An output element's
 * operations do not depend on the block that holds its tile (the GEMM sums over channels in the same order whatever
 * its width), so every thread count gives bitwise the same result.
 *
 * <p>Blocks: V and M of a block take α²·(C + K)·4 bytes per tile. A block may take {@link #blockBudget()} bytes,
 * half of this core's share of L3 (as BLIS sizes its B panels), at least 2·NR tiles. Measured on a Zen 3 core
 * (rough, a loaded 2-core VM): blocks sized for L2 (256 KiB – 1 MiB) ran 64×56×56 F(4×4) in 2.3 ms, whole-image
 * blocks (7 MB) in 1.6–1.7 ms: larger GEMMs (n = tiles) win over keeping V and M in L2, which a 36-point transform
 * cannot do anyway beyond a couple of dozen tiles; at batch 8 budgets of 2, 8 and 32 MB were within the noise.
 * The budget is at least {@link #MIN_BLOCK_BYTES}: where the caches are unknown (a VM without
 * {@code /sys/devices/system/cpu/cpu0/cache}) the fallback sizes gave 2 MB, and on a Zen 5 VM (one JVM
 * alternating, ms a forward, 1 thread then 2) 8 MB was faster on 64@56×56 batch 8 (6.25 → 5.83,
 * 3.94 → 3.38), 128@28×28 batch 8 (5.40 → 4.58 on 1 thread; 3.27 → 3.56 on 2, its one slower case), CIFAR's
 * 16@32×32, 32@16×16 and 64@8×8 at batch 64 (2–7 % on 1 thread, 0–10 % on 2) and even on 256@14×14. On a Zen 4
 * VM reporting the same cache sizes, 2 MiB blocks were up to 1.3 times as fast: where other blockings apply
 * ({@link #candidates}: {@link #smallBudget()}'s blocks, one image per block transposed), {@link WinogradBlockChooser}
 * times them against the default on a geometry's calls and keeps the fastest; the block properties below, when set,
 * turn the choice off.
 */
final class WinogradForward {
    /** The smallest default block budget: 8 MiB (see the class comment). */
    static final long MIN_BLOCK_BYTES = 8L << 20;
    /** Below this many multiply-adds per thread, a helper thread costs more than it saves. */
    private static final long MIN_WORK_PER_THREAD = 1L << 19;
    /**
     * Register-tile widths (NR tiles) a thread's own block needs before threads take blocks rather than share each
     * step: fewer tiles make GEMMs too narrow (128@28×28 F(4×4), 49 tiles, in two blocks of 25: 0.80 ms, steps
     * split 0.74).
     */
    private static final int MIN_TILE_COLUMNS = 3;

    /** The property that caps the bytes of V and M per block (read on every call, so tests can set it). */
    static final String BLOCK_BYTES = "resvec.winograd.blockBytes";
    /** The property that sets the tiles per block, whatever the budget (read on every call). */
    static final String BLOCK_TILES = "resvec.winograd.blockTiles";
    /** The property that forces the stacked transforms on or off (read on every call). */
    static final String STACKED = "resvec.winograd.stacked";
    /** The most tiles per block, the budget's or an override's: V and M of a block stay far within an array. */
    static final int MAX_BLOCK_TILES = 4096;
    /** The largest budget an override may give, 1 TiB: any larger is the same as no limit. */
    static final long MAX_BLOCK_BYTES = 1L << 40;

    private WinogradForward() {}

    /**
     * @return the bytes of V and M a block may take ({@code -Dresvec.winograd.blockBytes} overrides)
     * @throws IllegalStateException when the property is not an integer from 1 to {@value #MAX_BLOCK_BYTES}
     */
    static long blockBudget() {
        long share = CacheSizes.detected().l3() / Math.max(1, Runtime.getRuntime().availableProcessors()) / 2;
        return TuningProperty.readLong(System::getProperty, BLOCK_BYTES,
                Math.max(MIN_BLOCK_BYTES, Math.max(4 * CacheSizes.detected().l2(), share)), 1, MAX_BLOCK_BYTES);
    }

    /**
     * @return tiles per block for this geometry on these kernels (balanced, the last block no smaller than others)
     * @throws IllegalStateException when {@code -Dresvec.winograd.blockTiles} is not an integer from 1 to
     *                               {@value #MAX_BLOCK_TILES}, or the block budget's property is malformed
     */
    static int blockTiles(WinogradGeometry g, WinogradKernels kern) {
        int max = budgetTiles(g, kern, blockBudget());
        return balanced(g.tiles(), TuningProperty.readInt(System::getProperty, BLOCK_TILES, max, 1, MAX_BLOCK_TILES));
    }

    /** @return the most tiles whose V and M fit {@code budget} bytes, at least 2·NR, at most {@value #MAX_BLOCK_TILES} */
    private static int budgetTiles(WinogradGeometry g, WinogradKernels kern, long budget) {
        long perTile = 4L * g.variant().points() * (g.inChannels() + g.outChannels());
        return (int) Math.max(2 * kern.blocking().nr(), Math.min(MAX_BLOCK_TILES, budget / perTile));
    }

    /** @return tiles per block for {@code tiles} in blocks of at most {@code max}, the last no smaller than others */
    private static int balanced(int tiles, int max) {
        int blocks = (tiles + max - 1) / max;
        return (tiles + blocks - 1) / blocks;
    }

    /**
     * The other budget {@link WinogradBlockChooser} times against the default: twice L2 (a block's V and M then
     * stay near the core that wrote them), at least 1 MiB.
     */
    static long smallBudget() {
        return Math.max(1L << 20, 2 * CacheSizes.detected().l2());
    }

    /** @return whether this geometry's GEMMs run transposed (see {@link WinogradGemm}) */
    static boolean transposed(WinogradGeometry g, WinogradKernels kern) {
        return WinogradGemm.transposed(kern.blocking(), g.outChannels(), blockTiles(g, kern));
    }

    /**
     * Whether the transforms run stacked: the tiles of several tile rows (and images) share a vector, their windows
     * copied element by element from a padded, phase-split plane ({@link WinogradKernels#copyWindows},
     * {@link WinogradKernels#inputTransformWindows}), and the output transform takes all the block's tiles of a
     * channel at once; otherwise one tile row at a time from phase-split rows. The output is merged into the planes
     * tile row by tile row either way, through the one call site of the merge and its epilogue: with the epilogue
     * called from a second, stacked merge as well, its compiled code sometimes boxed every vector (after the nn
     * suite's other tests, 0.4–1.6 MB per CIFAR predictor call in about a third of the runs). Stacked where a tile
     * row fills less than three quarters of the lanes it occupies: one tile per lane along a row, a 16-lane vector
     * held 8 tiles of a 32-wide CIFAR image (F(4×4)), 4 of a 16-wide and 2 of an 8-wide one, and 7 of ResNet's
     * 28×28 layers. {@code -Dresvec.winograd.stacked=always|never} forces either (tests, A/B); both give the same
     * bits.
     *
     * @throws IllegalStateException when the property is not auto, always or never
     */
    static boolean stacked(WinogradGeometry g, WinogradKernels kern) {
        String forced = TuningProperty.parseChoice(STACKED, System.getProperty(STACKED), "auto", "auto", "always",
                "never");
        if (!forced.equals("auto")) {
            return forced.equals("always");
        }
        int lanes = kern.lanes(), tw = g.tilesWide();
        return lanes > 1 && 4L * tw < 3L * roundUp(tw, lanes);
    }

    /**
     * {@code out := epilogue(conv(in))} with filters {@code f} (K and C as in g). With at least two blocks per thread,
     * or enough tiles for a block of {@value #MIN_TILE_COLUMNS} register-tile widths each, threads take whole blocks
     * (each in its own scratch, no barrier); otherwise they share each block's three steps.
     */
    static void run(WinogradGeometry g, WinogradFilter f, float[] in, int offIn, float[] out, int offOut,
                    ConvEpilogue epilogue, Parallelism parallelism) {
        WinogradKernels kern = f.kernels();
        int tiles = g.tiles();
        int tb = blockTiles(g, kern);
        boolean transposed = WinogradGemm.transposed(kern.blocking(), g.outChannels(), tb);
        boolean stacked = stacked(g, kern);
        long work = (long) tiles * g.variant().points() * g.inChannels() * g.outChannels();
        int threads = (int) Math.max(1, Math.min(parallelism.threadCount(), work / MIN_WORK_PER_THREAD));
        Choice choice = new Choice(plan(tiles, tb, threads, kern.blocking().nr()), transposed);
        Choice[] others = candidates(g, f, kern, threads, choice);
        WinogradBlockChooser.Trial trial = null;
        if (others.length > 0) {
            trial = WinogradBlockChooser.shared().begin(new WinogradBlockChooser.Key(g, threads, others.length + 1));
            if (trial.candidate() != WinogradBlockChooser.DEFAULT) {
                choice = others[trial.candidate() - 1];
            }
        }
        try {
            run(g, f, kern, choice.plan(), threads, choice.transposed(), stacked, in, offIn, out, offOut, epilogue,
                    parallelism);
        } finally {
            if (trial != null) {
                trial.finish();
            }
        }
    }

    /**
     * A call's blocks and the orientation of their GEMMs.
     *
     * @param plan       the blocks
     * @param transposed the orientation (see {@link WinogradGemm})
     */
    record Choice(Plan plan, boolean transposed) {}

    /**
     * The blockings {@link WinogradBlockChooser} times against the default one, {@code def} (none where either block
     * property is set):
     * <ul>
     *   <li>the blocks of {@link #smallBudget()}, where they differ from the default's, in its orientation (where
     *   the budget's blocks would run transposed, blocks of at least 2·NR tiles);</li>
     *   <li>blocks of one image each, transposed, where an image has fewer than 2·NR tiles, its GEMMs pay
     *   transposed ({@link WinogradGemm#transposed}) and the default's do not, and the filters hold or may derive
     *   that layout (prepared filters may; a call's own, in scratch, may not).</li>
     * </ul>
     */
    static Choice[] candidates(WinogradGeometry g, WinogradFilter f, WinogradKernels kern, int threads, Choice def) {
        if (System.getProperty(BLOCK_BYTES) != null || System.getProperty(BLOCK_TILES) != null) {
            return new Choice[0];
        }
        int tiles = g.tiles(), nr = kern.blocking().nr(), k = g.outChannels();
        Choice[] out = new Choice[2];
        int n = 0;
        int small = balanced(tiles, budgetTiles(g, kern, smallBudget()));
        if (WinogradGemm.transposed(kern.blocking(), k, small) != def.transposed()) {
            int blocks = Math.max(1, tiles / (2 * nr));
            small = (tiles + blocks - 1) / blocks;
        }
        Plan smallPlan = plan(tiles, small, threads, nr);
        if (!smallPlan.equals(def.plan()) && WinogradGemm.transposed(kern.blocking(), k, small) == def.transposed()) {
            out[n++] = new Choice(smallPlan, def.transposed());
        }
        int image = g.tilesPerImage();
        if (!def.transposed() && g.batch() > 1 && image < 2 * nr && WinogradGemm.transposed(kern.blocking(), k, image)
                && f.mayUse(true)) {
            out[n++] = new Choice(plan(tiles, image, threads, nr), true);
        }
        return Arrays.copyOf(out, n);
    }

    private static void run(WinogradGeometry g, WinogradFilter f, WinogradKernels kern, Plan plan, int threads,
                            boolean transposed, boolean stacked, float[] in, int offIn, float[] out, int offOut,
                            ConvEpilogue epilogue, Parallelism parallelism) {
        int tiles = g.tiles(), tb = plan.blockTiles();
        if (plan.blocksInParallel()) {
            ParallelRunner.run(plan.blocks(), parallelism, b -> {
                Block block = new Block(g, f, kern, in, offIn, out, offOut, epilogue, tb, transposed, stacked);
                block.compute(b * tb, Math.min(tb, tiles - b * tb), 1, parallelism);
            });
            return;
        }
        Block block = new Block(g, f, kern, in, offIn, out, offOut, epilogue, tb, transposed, stacked);
        for (int t0 = 0; t0 < tiles; t0 += tb) {
            block.compute(t0, Math.min(tb, tiles - t0), threads, parallelism);
        }
    }

    /**
     * How a call's tiles are blocked on its threads.
     *
     * @param blockTiles       tiles per block (the last block may hold fewer)
     * @param blocks           blocks of the call
     * @param blocksInParallel whether threads take whole blocks (else every block's steps are split)
     */
    record Plan(int blockTiles, int blocks, boolean blocksInParallel) {}

    /**
     * The blocks of {@code tiles} tiles on {@code threads} threads, from the budget's {@code budgetTiles} per block.
     * With fewer than two blocks per thread but enough tiles for a block of {@value #MIN_TILE_COLUMNS} register-tile
     * widths ({@code nr} tiles) each, one block per thread (two where one would outgrow the budget); with at least two
     * per thread, threads take whole blocks, as many for every thread; otherwise the budget's blocks run one after the
     * other, each step split.
     */
    static Plan plan(int tiles, int budgetTiles, int threads, int nr) {
        int tb = Math.min(budgetTiles, tiles);
        int blocks = (tiles + tb - 1) / tb;
        if (threads <= 1) {
            return new Plan(tb, blocks, false);
        }
        if (blocks < 2 * threads && tiles >= threads * MIN_TILE_COLUMNS * nr) {
            // One block per thread rather than each step split: every thread keeps its V and M in its own cache
            // and there is one hand-off instead of three (Zen 5, 2 threads, 64@56×56 F(4×4), 196 tiles: 0.62 ms
            // in two blocks of 98, 0.73 with the steps split). The orientation stays the one the filters were
            // packed for: with at least MIN_TILE_COLUMNS register-tile widths per block it is the normal one anyway.
            // Two per thread where one would outgrow the budget: CIFAR's 16@32×32 at batch 64 (4096 tiles, 1820
            // in the budget) ran in two blocks of 9.4 MB on 2 threads; in four blocks of 4.7 MB, alternated in one
            // JVM, the forward ran 1.13–1.28× and the data gradient 1.20–1.25× as fast (bench/results/zen5-epyc-2vcpu-
            // avx512/training-batch8-pack-once-2026-12-05/winograd-plan.txt).
            int perThread = (tiles + threads - 1) / threads;
            tb = perThread <= tb ? perThread : (tiles + 2 * threads - 1) / (2 * threads);
            return new Plan(tb, (tiles + tb - 1) / tb, true);
        }
        if (blocks % threads != 0 && roundUp(blocks, threads) >= 2 * threads) {
            // As many blocks for every thread: 7 blocks on 2 threads kept one thread busy for 4 while the other
            // waited after 3 (Zen 5, 2 threads, alternated in one JVM, ms a forward: 128@28×28
            // batch 8 in 7 blocks 3.38 → 8 blocks 2.99, CIFAR's 32@16×16 batch 64 in 5 → 6 blocks 1.45 → 1.29).
            // Not where the blocks would still run one after the other with each step split (one block of a
            // batch-1 call on 2 threads): there a second block only adds three hand-offs and a second pass over
            // the filters (2 threads, sequences of layers whose filters come from memory, alternated in one JVM:
            // 128@28×28 F(4×4) 0.587 → 0.510 ms, 256@14×14 F(4×4) 0.738 → 0.586, 512@7×7 F(2×2) 1.121 → 0.920).
            int balanced = roundUp(blocks, threads);
            tb = (tiles + balanced - 1) / balanced;
            blocks = (tiles + tb - 1) / tb;
        }
        return new Plan(tb, blocks, blocks >= 2 * threads);
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /** Runs {@code step(from, to)} over [0, count) in up to {@code threads} contiguous ranges. */
    private static void split(int threads, int count, Parallelism parallelism, Range step) {
        int shares = Math.min(threads, count);
        if (shares <= 1) {
            step.run(0, count);
            return;
        }
        ParallelRunner.run(shares, parallelism,
                s -> step.run((int) ((long) count * s / shares), (int) ((long) count * (s + 1) / shares)));
    }

    @FunctionalInterface
    private interface Range {
        void run(int from, int to);
    }

    /**
     * One call's state on one thread's scratch (V and M; in block-parallel mode each thread has its own);
     * {@link #t0} and {@link #n} name the block being computed.
     */
    static final class Block {
        final WinogradGeometry g;
        final WinogradFilter f;
        final WinogradKernels kern;
        final float[] in;
        final int offIn;
        final float[] out;
        final int offOut;
        final ConvEpilogue epilogue;
        final float[] v;
        final float[] m;
        final int ld;                 // row stride of V (and of M, K×n): room for the extra lanes of a row's last step
        final int ldm;                // row stride of M: ld (K×n) or K + lanes (transposed, n×K)
        final boolean transposed;
        final int qw;                 // elements per phase row: tiles of a row + the extra lanes
        final boolean stacked;        // see stacked()
        final int ow;                 // stacked: the windows' stride and the output's phase stride (tiles + lanes)
        int t0;
        int n;

        Block(WinogradGeometry g, WinogradFilter f, WinogradKernels kern, float[] in, int offIn, float[] out,
              int offOut, ConvEpilogue epilogue, int tb, boolean transposed, boolean stacked) {
            this.g = g;
            this.f = f;
            this.kern = kern;
            this.in = in;
            this.offIn = offIn;
            this.out = out;
            this.offOut = offOut;
            this.epilogue = epilogue;
            this.ld = tb + kern.lanes();
            this.ldm = transposed ? g.outChannels() + kern.lanes() : ld;
            this.transposed = transposed;
            this.qw = g.tilesWide() + kern.lanes();
            int points = g.variant().points();
            WinogradScratch mine = WinogradScratch.get();
            this.v = mine.v(points * WinogradFilter.planeStride(g.inChannels() * ld));
            this.m = mine.m(points * WinogradFilter.planeStride((transposed ? tb : g.outChannels()) * ldm));
            this.stacked = stacked;
            this.ow = roundUp(tb, kern.lanes()) + kern.lanes();
        }

        /** The three steps for tiles [t0, t0 + n), each split over up to {@code threads} threads. */
        void compute(int first, int count, int threads, Parallelism parallelism) {
            t0 = first;
            n = count;
            if (stacked) {
                split(threads, g.inChannels(), parallelism, (c0, c1) -> WinogradStacked.input(this, c0, c1));
            } else {
                split(threads, g.inChannels(), parallelism, this::input);
            }
            split(threads, g.variant().points(), parallelism, this::gemm);
            if (transposed) {
                split(threads, n, parallelism, this::outputByTiles);
            } else {
                split(threads, g.outChannels(), parallelism, this::output);
            }
        }

        /** Step 1 for input channels [c0, c1). */
        void input(int c0, int c1) {
            WinogradScratch s = WinogradScratch.get();
            WinogradVariant var = g.variant();
            int mm = var.m(), alpha = var.alpha();
            int tw = g.tilesWide(), tpi = g.tilesPerImage();
            int rowStride = mm * qw;
            int planeStride = vPlane();
            float[] tmp = s.tmp(var.points() * kern.lanes());
            int end = t0 + n;
            for (int c = c0; c < c1; c++) {
                for (int t = t0; t < end; ) {
                    int img = t / tpi;
                    int imgEnd = Math.min(end, (img + 1) * tpi);
                    int tyA = (t - img * tpi) / tw;
                    int tyB = (imgEnd - 1 - img * tpi) / tw;
                    int rows = mm * (tyB - tyA) + alpha;
                    float[] q = s.q(rows * rowStride);
                    kern.split(in, offIn + (img * g.inChannels() + c) * g.inPlane(), g.height(), g.width(), mm,
                            g.padLeft(), mm * tyA - g.padTop(), rows, qw, tw + 1, q);
                    while (t < imgEnd) {
                        int ty = (t - img * tpi) / tw, tx = (t - img * tpi) % tw;
                        int len = Math.min(tw - tx, imgEnd - t);
                        kern.inputTransform(var, q, mm * (ty - tyA) * rowStride + tx, rowStride, qw, len, v,
                                c * ld + (t - t0), planeStride, tmp);
                        t += len;
                    }
                }
            }
        }

        /** Step 2 for points [p0, p1). */
        void gemm(int p0, int p1) {
            WinogradScratch s = WinogradScratch.get();
            int cPlane = vPlane(), mPlane = mPlane();
            for (int xi = p0; xi < p1; xi++) {
                WinogradGemm.multiply(kern, f, xi, transposed, v, xi * cPlane, ld, n, m, xi * mPlane, ldm, s);
            }
        }

        /** @return floats per point of V (padded, see {@link WinogradFilter#planeStride}) */
        int vPlane() {
            return WinogradFilter.planeStride(g.inChannels() * ld);
        }

        /** @return floats per point of M (padded) */
        int mPlane() {
            return WinogradFilter.planeStride((transposed ? n : g.outChannels()) * ldm);
        }

        /**
         * Step 3 of the transposed orientation for the block's tiles [b0, b1): output channels as lanes, the tiles
         * of a tile row a few at a time ({@link WinogradKernels#mergeSlots}), laid out row by row for one merge: each
         * channel's row of pixels is then one store (and one residual load), where a tile at a time took four masked
         * stores of 4 floats. Zen 5, 512-bit species, prepared F(4×4) at batch 1 with a residual, medians of a fresh
         * JVM's last seconds, the two builds' JVMs in turn: 128@28×28 0.61 → 0.54 ms on 1 thread, 0.47–0.48 →
         * 0.41–0.46 on 2; 256@14×14 0.57–0.59 → 0.54–0.58 and 0.36–0.41 → 0.36–0.39.
         */
        void outputByTiles(int b0, int b1) {
            WinogradScratch s = WinogradScratch.get();
            WinogradVariant var = g.variant();
            int mm = var.m();
            int kk = g.outChannels();
            int tw = g.tilesWide(), tpi = g.tilesPerImage();
            int ok = ldm;
            int slots = kern.mergeSlots(mm), group = slots / mm;
            float[] tmp = s.tmp(var.points() * kern.lanes());
            float[] o = s.o(mm * slots * ok);
            float[] block = s.row(kern.lanes() * kern.lanes());
            float[] res = epilogue.residual();
            int mPlane = mPlane();
            for (int b = b0; b < b1; ) {
                int t = t0 + b;
                int img = t / tpi;
                int ty = (t - img * tpi) / tw, tx = (t - img * tpi) % tw;
                int tiles = Math.min(group, Math.min(tw - tx, b1 - b));
                for (int u = 0; u < tiles; u++) {
                    kern.outputTransform(var, m, (b + u) * ldm, mPlane, kk, o, u * mm * ok, slots * ok, ok, tmp);
                }
                int imgOff = img * kk * g.outPlane();
                kern.mergeChannels(o, ok, mm, slots, tiles, 0, kk, out, offOut + imgOff, g.outHeight(),
                        g.outWidth(), mm * ty, mm * tx, epilogue.bias(), epilogue.biasOffset(), res,
                        res == null ? 0 : epilogue.residualOffset() + imgOff, epilogue.relu(), block);
                b += tiles;
            }
        }

        /**
         * Step 3 for output channels [k0, k1). Stacked, a channel's tiles are transformed all at once (phase stride
         * {@link #ow}), so that narrow tile rows do not leave most lanes idle; either way each tile row is then merged
         * on its own. One call site each for the transform and for the merge, whose epilogue must not be compiled
         * from a second one (see {@link WinogradForward#stacked}).
         */
        void output(int k0, int k1) {
            WinogradScratch s = WinogradScratch.get();
            WinogradVariant var = g.variant();
            int mm = var.m();
            int tw = g.tilesWide(), tpi = g.tilesPerImage();
            int kk = g.outChannels();
            int ps = stacked ? ow : qw;     // phase stride of the transformed tiles
            float[] tmp = s.tmp(var.points() * kern.lanes());
            float[] o = s.o(mm * mm * ps);
            float[] row = s.row(mm * qw);
            float[] bias = epilogue.bias();
            float[] res = epilogue.residual();
            int end = t0 + n;
            for (int k = k0; k < k1; k++) {
                float b = bias == null ? 0f : bias[epilogue.biasOffset() + k];
                for (int t = t0; t < end; ) {
                    int img = t / tpi;
                    int ty = (t - img * tpi) / tw, tx = (t - img * tpi) % tw;
                    int len = Math.min(tw - tx, end - t);
                    if (!stacked || t == t0) {
                        kern.outputTransform(var, m, k * ldm + (stacked ? 0 : t - t0), mPlane(), stacked ? n : len,
                                o, 0, mm * ps, ps, tmp);
                    }
                    int plane = (img * kk + k) * g.outPlane();
                    kern.merge(o, stacked ? t - t0 : 0, ps, mm, len, out, offOut + plane, g.outHeight(),
                            g.outWidth(), mm * ty, mm * tx, bias != null, b, res,
                            res == null ? 0 : epilogue.residualOffset() + plane, epilogue.relu(), row);
                    t += len;
                }
            }
        }
    }
}
