package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * Filters in the Winograd domain, {@code U[ξ] = (G g Gᵀ)[ξ]} for every (output channel k, input channel c), packed
 * for the microkernel of one provider so that the α² transformed-domain GEMMs read them without packing (for a
 * 512×512 layer, packing U on every call would copy 38 MB):
 * <ul>
 *   <li>as A operand ({@code M[ξ] = U[ξ]·V[ξ]}, K×C times C×tiles): per point, per depth block of C, MR×kc
 *   micro-panels over k;</li>
 *   <li>as B operand ({@code M[ξ]ᵀ = V[ξ]ᵀ·U[ξ]ᵀ}, for few tiles, where tiles make better rows than columns of the
 *   register tile): per point, per depth block, kc×NR micro-panels over k.</li>
 * </ul>
 * One layout is built with the filter (the one its shape's tile blocks use); the other is derived from it on first
 * use. U is computed by the provider's {@link WinogradKernels#filterTransform} (float vectors, or the scalar twin in
 * double), after the taps were gathered into nine planes in the packed order.
 *
 * <p>Immutable once built and safe to share between threads (the derived layout is published through a volatile
 * field; two threads deriving it at once build equal arrays). Per-call filters (training) are packed into the calling
 * thread's scratch instead and live only for that call.
 */
public final class WinogradFilter {
    private final WinogradVariant variant;
    private final WinogradKernels kernels;
    private final int outChannels;
    private final int inChannels;
    private final int kcStep;
    private volatile float[] aPanels;
    private volatile float[] bPanels;
    /** Whether the panels lie in a thread's scratch for one call (no other layout is derived from them then). */
    private final boolean perCall;

    private WinogradFilter(WinogradVariant variant, WinogradKernels kernels, int outChannels, int inChannels,
                           boolean perCall) {
        this.variant = variant;
        this.kernels = kernels;
        this.outChannels = outChannels;
        this.inChannels = inChannels;
        this.perCall = perCall;
        this.kcStep = WinogradGemm.depthStep(inChannels, kernels.blocking().kc());
    }

    /**
     * The fewest filters (K·C) a thread of a per-call transform gets: below that, splitting costs more than the few
     * microseconds the share takes.
     */
    private static final int MIN_FILTERS_PER_THREAD = 4096;
    /** Filters gathered and transformed at a time: 9 tap planes of 18 KiB; a multiple of every vector length. */
    private static final int TAP_CHUNK = 512;

    /**
     * Transforms K×C 3×3 filters.
     *
     * @param flipTranspose false: {@code g_kc = w[k][c]} (w is K×C×3×3); true: the data-gradient filters
     *                      {@code g_kc[r][s] = w[c][k][2−r][2−s]}, w being the forward convolution's filters (whose
     *                      input channels are this filter's K, and whose output channels its C)
     * @param asB           build the B-operand layout first (else the A-operand layout)
     * @param dest          gives the array to pack into, at least the size asked for (per-call filters reuse
     *                      scratch), or null for a new array
     * @param parallelism   the threads the transform may use: a training step transforms every 3×3 layer's filters
     *                      twice (forward and data gradient), 2.4 M points for a 256×256 F(4×4) layer
     */
    static WinogradFilter transform(WinogradVariant variant, WinogradKernels kernels, int outChannels, int inChannels,
                                    float[] w, int offW, boolean flipTranspose, boolean asB,
                                    java.util.function.IntFunction<float[]> dest, Parallelism parallelism) {
        WinogradFilter f = new WinogradFilter(variant, kernels, outChannels, inChannels, dest != null);
        int size = f.packedSize(asB);
        float[] packed = dest != null ? dest.apply(size) : new float[size];
        int point = f.pointOffset(asB, 1);               // the floats of one point's plane (padded)
        GemmBlocking b = kernels.blocking();
        int filters = roundUp(outChannels, asB ? b.nr() : b.mr()) * inChannels;   // register-tile padding included
        // Whole vectors of filters, the last one padded with zero taps (a plane has room for them: 16·n floats), so
        // that every filter goes through the vector path: the scalar twin computes in double, and a filter's bits
        // would then depend on where the layout, or the thread count, put it.
        int lanes = kernels.lanes(), vectors = (filters + lanes - 1) / lanes;
        int shares = (int) Math.max(1, Math.min(parallelism.threadCount(),
                (long) outChannels * inChannels / MIN_FILTERS_PER_THREAD));
        ParallelRunner.run(shares, parallelism, sh -> {
            int e0 = (int) ((long) vectors * sh / shares) * lanes;
            int e1 = (int) ((long) vectors * (sh + 1) / shares) * lanes;
            WinogradScratch scratch = WinogradScratch.get();
            float[] taps = scratch.taps(9 * TAP_CHUNK);
            float[] tmp = scratch.tmp(3 * variant.alpha() * lanes);
            // A chunk at a time, so that the tap planes stay in L1 (through memory, 512×512 filters wrote and read
            // back 9.4 MB of taps: with 2 threads, a 512@7×7 F(2×2) data gradient at batch 1 took 5.2 ms, now 2.9)
            for (int c0 = e0; c0 < e1; c0 += TAP_CHUNK) {
                int c1 = Math.min(e1, c0 + TAP_CHUNK);
                f.gatherTaps(w, offW, flipTranspose, asB, taps, c0, c1);
                for (int e = Math.max(c0, filters); e < c1; e++) {
                    for (int q = 0; q < 9; q++) {
                        taps[q * TAP_CHUNK + e - c0] = 0f;
                    }
                }
                // the point planes are written sequentially (writing each filter's 36 points into planes up to a
                // megabyte apart cost 150-400 ns per filter; this costs about a tenth of that)
                kernels.filterTransform(variant, taps, 0, TAP_CHUNK, c1 - c0, packed, c0, point, tmp);
            }
        });
        if (asB) {
            f.bPanels = packed;
        } else {
            f.aPanels = packed;
        }
        return f;
    }

    /**
     * Gathers the 9 taps of the filters at packed positions [e0, e1) (at most {@link #TAP_CHUNK}) into 9 tap
     * planes of {@code TAP_CHUNK} floats, in the order of the packed layout (see {@link #index}): element e − e0 of a
     * tap plane belongs to the filter whose points go to element e of each point plane. Register-tile padding
     * (k ≥ K) gets zero taps, hence zero points.
     */
    private void gatherTaps(float[] w, int offW, boolean flipTranspose, boolean asB, float[] taps, int e0, int e1) {
        GemmBlocking b = kernels.blocking();
        int reg = asB ? b.nr() : b.mr();
        int kp = roundUp(outChannels, reg);
        for (int pc = 0; pc < inChannels; pc += kcStep) {
            int kc = Math.min(kcStep, inChannels - pc);
            for (int panel = 0; panel < kp; panel += reg) {
                int start = pc * kp + panel * kc;        // where this panel's kc·reg filters start
                int from = Math.max(e0, start), to = Math.min(e1, start + kc * reg);
                int c = pc + (from - start) / reg, k = panel + (from - start) % reg;   // e = start + (c−pc)·reg + k−panel
                for (int e = from; e < to; e++) {
                    int t = e - e0;
                    if (k >= outChannels) {
                        for (int q = 0; q < 9; q++) {
                            taps[q * TAP_CHUNK + t] = 0f;
                        }
                    } else if (flipTranspose) {
                        int src = offW + (c * outChannels + k) * 9 + 8;    // g[r][s] = w[c][k][2−r][2−s]
                        for (int q = 0; q < 9; q++) {
                            taps[q * TAP_CHUNK + t] = w[src - q];
                        }
                    } else {
                        int src = offW + (k * inChannels + c) * 9;
                        for (int q = 0; q < 9; q++) {
                            taps[q * TAP_CHUNK + t] = w[src + q];
                        }
                    }
                    if (++k == panel + reg) {
                        k = panel;
                        c++;
                    }
                }
            }
        }
    }

    /** @return the algorithm */
    public WinogradVariant variant() {
        return variant;
    }

    /** @return the kernels the panels are packed for */
    public WinogradKernels kernels() {
        return kernels;
    }

    /** @return K */
    public int outChannels() {
        return outChannels;
    }

    /** @return C */
    public int inChannels() {
        return inChannels;
    }

    /** @return the depth step over C of the packed panels (and of the GEMMs that read them) */
    int kcStep() {
        return kcStep;
    }

    /**
     * @return whether a call may use the B-operand layout ({@code asB}) or the A-operand one: the filters hold it,
     *         or may derive it once (not a call's own filters in scratch, which would derive it on every call)
     */
    boolean mayUse(boolean asB) {
        return (asB ? bPanels : aPanels) != null || !perCall;
    }

    /** @return U as A-operand micro-panels; point ξ starts at {@code ξ·roundUp(K, MR)·C} */
    float[] aPanels() {
        float[] p = aPanels;
        if (p == null) {
            aPanels = p = repack(false, bPanels);
        }
        return p;
    }

    /** @return U as B-operand micro-panels; point ξ starts at {@code ξ·C·roundUp(K, NR)} */
    float[] bPanels() {
        float[] p = bPanels;
        if (p == null) {
            bPanels = p = repack(true, aPanels);
        }
        return p;
    }

    /** @return the offset of point ξ in {@link #aPanels()} or {@link #bPanels()} */
    int pointOffset(boolean asB, int xi) {
        GemmBlocking b = kernels.blocking();
        return xi * planeStride(inChannels * (asB ? roundUp(outChannels, b.nr()) : roundUp(outChannels, b.mr())));
    }

    /**
     * The stride of α² planes written or read together: {@code floats} rounded up to an odd number of 64-byte lines,
     * so that the planes fall into different L1 sets. At a multiple of 4 KiB they all map to the same set: packing
     * 512×512 filters into 1 MiB planes (512·528 floats) ran 3.5 times slower than into planes of 512·513 floats.
     */
    static int planeStride(int floats) {
        int lines = (floats + 15) / 16;
        return 16 * (lines | 1);
    }

    private int packedSize(boolean asB) {
        return pointOffset(asB, variant.points());
    }

    private float[] repack(boolean asB, float[] from) {
        float[] to = new float[packedSize(asB)];
        for (int xi = 0; xi < variant.points(); xi++) {
            for (int k = 0; k < outChannels; k++) {
                for (int c = 0; c < inChannels; c++) {
                    to[index(asB, xi, k, c)] = from[index(!asB, xi, k, c)];
                }
            }
        }
        return to;
    }

    /**
     * Where U[ξ][k][c] lies. A layout: depth block {@code pc} (kc = its depth) holds roundUp(K, MR)×kc floats from
     * {@code pc·roundUp(K, MR)}, as MR×kc panels (element (r, p) at p·MR + r). B layout: roundUp(K, NR)×kc floats
     * from {@code pc·roundUp(K, NR)}, as kc×NR panels (element (p, q) at p·NR + q).
     */
    private int index(boolean asB, int xi, int k, int c) {
        GemmBlocking b = kernels.blocking();
        int reg = asB ? b.nr() : b.mr();
        int kp = roundUp(outChannels, reg);
        int pc = c - c % kcStep;
        int kc = Math.min(kcStep, inChannels - pc);
        int panel = k - k % reg;
        return pointOffset(asB, xi) + pc * kp + panel * kc + (c - pc) * reg + k % reg;
    }

    static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
