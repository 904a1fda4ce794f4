package dev.resvec.kernels.internal.conv;

/**
 * Steps 1 and 3 of {@link WinogradForward} for narrow images ({@link WinogradForward#stacked}): the tiles of all of a
 * block's tile rows and images go through the transforms together, so a vector holds tiles of several tile rows,
 * where the row-at-a-time steps filled only the lanes one tile row covers (a 16-lane vector held 2 tiles of an
 * 8-wide CIFAR image, F(4×4)). Per tile, the same operations as the row-at-a-time steps: the same bits.
 */
final class WinogradStacked {
    private WinogradStacked() {}

    /**
     * Step 1 for input channels [c0, c1): per image, the plane is padded; element (r, s) of the windows of a run of a
     * tile row's tiles is gathered from its rows ({@link WinogradKernels#gatherWindows}) or, where the provider's
     * gather does not take rows so wide, the plane is split into phases as one row and the element is one run of
     * phase s mod m, from index (m·ty + r)·(tw + 1) + tx + s div m; the runs of all the block's tiles go end to end,
     * and one transform takes them all.
     */
    static void input(WinogradForward.Block blk, int c0, int c1) {
        WinogradGeometry g = blk.g;
        WinogradKernels kern = blk.kern;
        int t0 = blk.t0, n = blk.n, ow = blk.ow;
        WinogradScratch s = WinogradScratch.get();
        WinogradVariant var = g.variant();
        int mm = var.m(), alpha = var.alpha(), lanes = kern.lanes();
        int tw = g.tilesWide(), tpi = g.tilesPerImage(), end = t0 + n;
        int hp = paddedHeight(g), wp = paddedWidth(g), slots = hp * (tw + 1);
        int phaseLen = slots + mm * lanes;
        boolean gather = kern.gathersWindows(mm, alpha, tw);
        float[] padded = s.q(hp * wp + (mm + 2) * lanes);
        float[] ps = gather ? null : s.phases(mm * phaseLen);
        float[] d = s.windows(alpha * alpha * ow);
        float[] tmp = s.tmp(var.points() * lanes);
        for (int c = c0; c < c1; c++) {
            for (int t = t0; t < end; ) {
                int img = t / tpi, imgEnd = Math.min(end, (img + 1) * tpi);
                PlanePadding.copy(blk.in, blk.offIn + (img * g.inChannels() + c) * g.inPlane(), g.height(), g.width(),
                        g.padTop(), g.padLeft(), padded, 0, hp, wp);
                if (!gather) {
                    kern.splitPlane(padded, 0, mm, slots, ps, phaseLen);
                }
                while (t < imgEnd) {
                    // a run of whole tile rows, or a part of one
                    int ty = (t - img * tpi) / tw, tx = (t - img * tpi) % tw;
                    int rows = tx == 0 ? (imgEnd - t) / tw : 0;
                    int len = rows > 0 ? tw : Math.min(tw - tx, imgEnd - t);
                    int runs = Math.max(1, rows);
                    if (gather) {
                        kern.gatherWindows(padded, mm * (ty * wp + tx), wp, mm * wp, len, runs, alpha, mm, d, t - t0,
                                ow);
                    } else {
                        kern.copyWindows(ps, phaseLen, mm * ty * (tw + 1) + tx, tw + 1, mm * (tw + 1), len, runs,
                                alpha, mm, d, t - t0, ow);
                    }
                    t += runs * len;
                }
            }
            kern.inputTransformWindows(var, d, 0, ow, n, blk.v, c * blk.ld, blk.vPlane(), tmp);
        }
    }

    /** Rows of one padded input plane: the tiles' windows, ⌈outHeight/m⌉·m + 2 (α = m + 2). */
    private static int paddedHeight(WinogradGeometry g) {
        return g.m() * g.tilesHigh() + 2;
    }

    /**
     * Columns of one padded input plane, a multiple of m so that the plane splits into phases as one row: the
     * windows need m·⌈outWidth/m⌉ + 2.
     */
    private static int paddedWidth(WinogradGeometry g) {
        return g.m() * (g.tilesWide() + 1);
    }
}
