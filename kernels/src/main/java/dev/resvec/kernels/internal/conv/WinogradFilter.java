package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.GemmBlocking;

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
 * use. U is computed in double from the float filter and rounded once, so each element is within half an ulp of the
 * exact transform.
 *
 * <p>Immutable once built and safe to share between threads (the derived layout is published through a volatile
 * field; two threads deriving it at once build equal arrays).
 */
public final class WinogradFilter {
    private final WinogradVariant variant;
    private final WinogradKernels kernels;
    private final int outChannels;
    private final int inChannels;
    private final int kcStep;
    private volatile float[] aPanels;
    private volatile float[] bPanels;

    private WinogradFilter(WinogradVariant variant, WinogradKernels kernels, int outChannels, int inChannels) {
        this.variant = variant;
        this.kernels = kernels;
        this.outChannels = outChannels;
        this.inChannels = inChannels;
        this.kcStep = WinogradGemm.depthStep(inChannels, kernels.blocking().kc());
    }

    /**
     * Transforms K×C 3×3 filters.
     *
     * @param flipTranspose false: {@code g_kc = w[k][c]} (w is K×C×3×3); true: the data-gradient filters
     *                      {@code g_kc[r][s] = w[c][k][2−r][2−s]} (w is C×K×3×3 in the forward's terms)
     * @param asB           build the B-operand layout first (else the A-operand layout)
     * @param dest          gives the array to pack into, at least the size asked for (per-call filters reuse
     *                      scratch), or null for a new array
     */
    static WinogradFilter transform(WinogradVariant variant, WinogradKernels kernels, int outChannels, int inChannels,
                                    float[] w, int offW, boolean flipTranspose, boolean asB,
                                    java.util.function.IntFunction<float[]> dest) {
        WinogradFilter f = new WinogradFilter(variant, kernels, outChannels, inChannels);
        int size = f.packedSize(asB);
        float[] packed = dest != null ? dest.apply(size) : new float[size];
        int a2 = variant.points();
        GemmBlocking b = kernels.blocking();
        int reg = asB ? b.nr() : b.mr();
        int kp = roundUp(outChannels, reg);
        int point = f.pointOffset(asB, 1);
        double[] g = new double[9];
        double[] tmp = new double[3 * variant.alpha()];
        double[] u = new double[a2];
        int chunk = Math.max(1, 96 / reg) * reg;          // filters per chunk: 36·96 floats of staging stay in L1
        float[] staged = new float[a2 * chunk];          // point-major: point ξ of filter e at ξ·chunk + e
        // In the order of the packed layout (see index()), a chunk of a panel at a time: transform the chunk's
        // filters into a point-major staging buffer, then copy each point's run into its plane. Writing each filter's
        // 36 points straight into 36 planes up to a megabyte apart took 150-400 ns per filter, against 25 ns for its
        // transform.
        for (int pc = 0; pc < inChannels; pc += f.kcStep) {
            int kc = Math.min(f.kcStep, inChannels - pc);
            for (int panel = 0; panel < kp; panel += reg) {
                int panelAt = pc * kp + panel * kc;
                for (int c0 = pc; c0 < pc + kc; c0 += chunk / reg) {
                    int c1 = Math.min(pc + kc, c0 + chunk / reg);
                    int e = 0;
                    for (int c = c0; c < c1; c++) {
                        for (int k = panel; k < panel + reg; k++, e++) {
                            if (k >= outChannels) {              // register-tile padding
                                for (int xi = 0; xi < a2; xi++) {
                                    staged[xi * chunk + e] = 0f;
                                }
                                continue;
                            }
                            for (int r = 0; r < 3; r++) {
                                for (int s = 0; s < 3; s++) {
                                    g[r * 3 + s] = flipTranspose
                                            ? w[offW + ((c * outChannels + k) * 3 + 2 - r) * 3 + 2 - s]
                                            : w[offW + ((k * inChannels + c) * 3 + r) * 3 + s];
                                }
                            }
                            variant.filterTransform(g, 0, u, 0, tmp);
                            for (int xi = 0; xi < a2; xi++) {
                                staged[xi * chunk + e] = (float) u[xi];
                            }
                        }
                    }
                    int at = panelAt + (c0 - pc) * reg;
                    for (int xi = 0; xi < a2; xi++, at += point) {
                        System.arraycopy(staged, xi * chunk, packed, at, e);
                    }
                }
            }
        }
        if (asB) {
            f.bPanels = packed;
        } else {
            f.aPanels = packed;
        }
        return f;
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
        return xi * inChannels * (asB ? roundUp(outChannels, b.nr()) : roundUp(outChannels, b.mr()));
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
