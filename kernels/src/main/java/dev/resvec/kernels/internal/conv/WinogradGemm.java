package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;

/**
 * One transformed-domain GEMM of a tile block, {@code M[ξ] = U[ξ]·V[ξ]} (K×C times C×n), on the BLIS loops
 * (Van Zee &amp; van de Geijn 2015; see {@code BlisGemm}) and the provider's own microkernel, with U pre-packed in
 * the {@link WinogradFilter} (no A packing per call) and V packed per depth block. Two orientations:
 * <ul>
 *   <li>{@code M = U·V}: k is the row of the register tile, tiles its columns (many tiles); M is stored K×n;</li>
 *   <li>{@code Mᵀ = Vᵀ·Uᵀ}: tiles are its rows, k its columns (few tiles: 16 tiles fill 16/24 of an AVX2 3×24
 *   tile's columns but 16/18 of its rows); Mᵀ is stored n×K, with the vector write-back (a transposed write-back
 *   is scalar, and for C = 512 it took as long as the FMAs), and the output transform then takes output channels
 *   as its lanes.</li>
 * </ul>
 * Both accumulate every element as the same sum, in the same order over c, with the same depth blocks
 * ({@link #depthStep}), so they give bitwise the same values: the choice only changes the speed.
 */
final class WinogradGemm {
    private WinogradGemm() {}

    /**
     * The depth step over C: blocks of equal depth, each at most 1.25·KC, as {@code BlisGemm} splits k (a small
     * remainder joins the other blocks rather than costing a pass over M of its own).
     */
    static int depthStep(int depth, int kcMax) {
        int blocks = Math.max(1, (4 * depth + 5 * kcMax - 1) / (5 * kcMax));
        return (depth + blocks - 1) / blocks;
    }

    /**
     * @return whether the transposed orientation wastes clearly less of the register tile for K×n, with few tiles
     *         (under two register tiles' width): its output transform writes tile by tile, channels as lanes, with a
     *         scatter into the planes (scalar when this rule was measured; by masked vectors for whole F(4×4) tiles
     *         since 2026-12-07), which costs more than the waste it saves once there are many tiles
     *         (Zen 5, AVX-512, batch 1: 64@56×56 F(4×4), 196 tiles, took 1.30 ms transposed and 1.08 ms not;
     *         128@28×28, 49 tiles, 0.87 transposed and 0.93 not)
     */
    static boolean transposed(GemmBlocking b, int outChannels, int n) {
        long normal = (long) WinogradFilter.roundUp(outChannels, b.mr()) * WinogradFilter.roundUp(n, b.nr());
        long swapped = (long) WinogradFilter.roundUp(n, b.mr()) * WinogradFilter.roundUp(outChannels, b.nr());
        return n < 2 * b.nr() && swapped < normal * 9 / 10;
    }

    /**
     * {@code M (K×n, from mOff, leading dimension ldm) := U[ξ]·V (C×n, from vOff, leading dimension ldv)}, or when
     * {@code transposed}, {@code Mᵀ (n×K, leading dimension ldm) := V[ξ]ᵀ·U[ξ]ᵀ}.
     *
     * @param transposed the orientation (see the class comment); the filter provides the matching panels
     */
    static void multiply(WinogradKernels kern, WinogradFilter f, int xi, boolean transposed, float[] v, int vOff,
                         int ldv, int n, float[] m, int mOff, int ldm, WinogradScratch s) {
        GemmBlocking b = kern.blocking();
        int mr = b.mr(), nr = b.nr(), mc = b.mc();
        int outChannels = f.outChannels(), depth = f.inChannels(), kcStep = f.kcStep();
        float[] tile = s.tile(mr * nr);
        GemmWriteBack wb = new GemmWriteBack(m, mOff, ldm, 1f, 0f, GemmEpilogue.none());
        if (!transposed) {
            float[] up = f.aPanels();
            int uOff = f.pointOffset(false, xi);
            int kp = WinogradFilter.roundUp(outChannels, mr);
            float[] bp = s.bp(Math.min(kcStep, depth) * WinogradFilter.roundUp(n, nr));
            for (int pc = 0; pc < depth; pc += kcStep) {                                 // PC loop
                int kc = Math.min(kcStep, depth - pc);
                boolean first = pc == 0, last = pc + kc == depth;
                kern.packB(v, vOff, ldv, pc, kc, 0, n, bp);
                int blockA = uOff + pc * kp;
                for (int ic = 0; ic < outChannels; ic += mc) {                            // IC loop (A pre-packed)
                    int icEnd = Math.min(outChannels, ic + mc);
                    for (int jr = 0; jr < n; jr += nr) {                                  // JR loop
                        int nrEff = Math.min(nr, n - jr);
                        for (int ir = ic; ir < icEnd; ir += mr) {                         // IR loop
                            kern.microkernel(kc, up, blockA + ir * kc, bp, jr * kc, wb, ir, jr,
                                    Math.min(mr, outChannels - ir), nrEff, first, last, tile);
                        }
                    }
                }
            }
        } else {
            float[] ub = f.bPanels();
            int uOff = f.pointOffset(true, xi);
            int kn = WinogradFilter.roundUp(outChannels, nr);
            int mcCap = Math.min(mc, WinogradFilter.roundUp(n, mr));
            float[] ap = s.ap(Math.min(kcStep, depth) * mcCap);
            for (int pc = 0; pc < depth; pc += kcStep) {                                 // PC loop
                int kc = Math.min(kcStep, depth - pc);
                boolean first = pc == 0, last = pc + kc == depth;
                int blockB = uOff + pc * kn;
                for (int ic = 0; ic < n; ic += mc) {                                      // IC loop over tiles
                    int mcEff = Math.min(mc, n - ic);
                    kern.packATransposed(v, vOff, ldv, ic, mcEff, pc, kc, ap);
                    for (int jr = 0; jr < outChannels; jr += nr) {                        // JR loop over k
                        int nrEff = Math.min(nr, outChannels - jr);
                        for (int ir = 0; ir < mcEff; ir += mr) {                          // IR loop
                            kern.microkernel(kc, ap, ir * kc, ub, blockB + jr * kc, wb, ic + ir, jr,
                                    Math.min(mr, mcEff - ir), nrEff, first, last, tile);
                        }
                    }
                }
            }
        }
    }
}
