#!/usr/bin/env python3
"""Writes NchwcPointwise.java and NchwcDirect.java (the prototypes' register tiles, unrolled by hand because the
accumulators must be locals to stay in registers). Run from this directory: python3 generate.py"""

POINTWISE_TILES = [(6, 4), (7, 4), (12, 2), (14, 2), (1, 4), (1, 2)]
DIRECT_TILES = [(7, 2), (14, 2), (6, 4), (7, 4), (4, 4), (2, 4), (1, 4), (1, 2)]


def pointwise_tile(p_count, kb):
    out = [f"    static void tile{p_count}x{kb}(int channels, float[] x, int pos, int hw, float[] w, int wOff, float[] y, int kb0) {{",
           "        FloatVector zero = FloatVector.zero(S);   // a local zero: a static one left every accumulator boxed"]
    for p in range(p_count):
        out.append("        FloatVector " + ", ".join(f"a{p}_{k} = zero" for k in range(kb)) + ";")
    out.append("        for (int cb = 0, xb = pos * 16, wb = wOff; cb < channels; cb += 16, xb += hw * 16) {")
    out.append(f"            for (int c = 0; c < 16; c++, wb += {16 * kb}) {{")
    for k in range(kb):
        out.append(f"                FloatVector w{k} = FloatVector.fromArray(S, w, wb + {16 * k});")
    for p in range(p_count):
        fmas = " ".join(f"a{p}_{k} = b.fma(w{k}, a{p}_{k});" for k in range(kb))
        out.append(f"                {{ FloatVector b = FloatVector.broadcast(S, x[xb + {16 * p} + c]); {fmas} }}")
    out += ["            }", "        }"]
    for p in range(p_count):
        for k in range(kb):
            out.append(f"        a{p}_{k}.intoArray(y, ((kb0 + {k}) * hw + pos + {p}) * 16);")
    out.append("    }")
    return "\n".join(out)


def direct_tile(p_count, kb, stride):
    out = [f"    static void tile{p_count}x{kb}s{stride}(int cBlocks, int kh, int kw, float[] x, int xBase, int rowStride, int posStride, int cbStride,",
           "                             float[] w, int wOff, float[] y, int yBase, int yBlockStride) {",
           "        FloatVector zero = FloatVector.zero(S);"]
    for p in range(p_count):
        out.append("        FloatVector " + ", ".join(f"a{p}_{k} = zero" for k in range(kb)) + ";")
    out += ["        int wb = wOff;",
            "        for (int cb = 0; cb < cBlocks; cb++) {",
            "            for (int r = 0; r < kh; r++) {",
            "                for (int s = 0; s < kw; s++) {",
            "                    int xb = xBase + cb * cbStride + r * rowStride + s * 16;",
            f"                    for (int c = 0; c < 16; c++, wb += {16 * kb}) {{"]
    for k in range(kb):
        out.append(f"                        FloatVector w{k} = FloatVector.fromArray(S, w, wb + {16 * k});")
    for p in range(p_count):
        # the position offset is a constant (a variable stride times p left 14 offsets live in registers)
        off = "c" if p == 0 else f"{p * 16 * stride} + c"
        fmas = " ".join(f"a{p}_{k} = b.fma(w{k}, a{p}_{k});" for k in range(kb))
        out.append(f"                        {{ FloatVector b = FloatVector.broadcast(S, x[xb + {off}]); {fmas} }}")
    out += ["                    }", "                }", "            }", "        }"]
    for p in range(p_count):
        for k in range(kb):
            out.append(f"        a{p}_{k}.intoArray(y, yBase + {k} * yBlockStride + {16 * p});")
    out.append("    }")
    return "\n".join(out)


def write(name, head, tiles_src, tail, tiles, cases):
    tail = tail.replace("@TILES@", " " + ", ".join("{%d, %d}" % t for t in tiles) + " ")
    tail = tail.replace("@CASES@", cases)
    with open(name, "w") as f:
        f.write(head + tiles_src + "\n\n" + tail)


P_HEAD = r'''import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Prototype: a 1×1 convolution on channel-blocked tensors (NCHW16c, as oneDNN's nChw16c and ONNX Runtime's MLAS
 * NCHWc): input [C/16][H·W][16], weights [K/(16·KB)][C][16·KB], output [K/16][H·W][16]. A register tile is P output
 * positions × KB blocks of 16 output channels; per input channel it loads KB weight vectors and broadcasts P input
 * values (16 floats apart: one cache line per position, reused by the next 15 channels). The activations are read
 * where they lie: nothing is packed per call.
 */
final class NchwcPointwise {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final FloatVector ZERO = FloatVector.zero(S);

'''
P_TAIL = r'''    static final int[][] TILES = {@TILES@};

    static void tile(int id, int channels, float[] x, int pos, int hw, float[] w, int wOff, float[] y, int kb0) {
        switch (id) {
@CASES@            default -> throw new IllegalArgumentException();
        }
    }

    /** y := conv1x1(x, w); tile id picks P×KB, the last positions go one at a time. */
    static void forward(int id, int channels, int outChannels, int hw, float[] x, float[] w, float[] y) {
        int p = TILES[id][0], kbs = TILES[id][1];
        int edge = kbs == 4 ? 4 : 5;      // tile1x4 or tile1x2
        for (int kg = 0; kg < outChannels / (16 * kbs); kg++) {
            int wOff = kg * channels * 16 * kbs;
            int pos = 0;
            for (; pos + p <= hw; pos += p) {
                tile(id, channels, x, pos, hw, w, wOff, y, kg * kbs);
            }
            for (; pos < hw; pos++) {
                tile(edge, channels, x, pos, hw, w, wOff, y, kg * kbs);
            }
        }
    }

    /** NCHW (one image) to [C/16][hw][16]. */
    static void toBlocked(float[] src, int channels, int hw, float[] dst) {
        for (int c = 0; c < channels; c++) {
            int cb = c / 16, l = c % 16;
            for (int i = 0; i < hw; i++) {
                dst[(cb * hw + i) * 16 + l] = src[c * hw + i];
            }
        }
    }

    /** [K/16][hw][16] back to NCHW. */
    static void fromBlocked(float[] src, int channels, int hw, float[] dst) {
        for (int c = 0; c < channels; c++) {
            int cb = c / 16, l = c % 16;
            for (int i = 0; i < hw; i++) {
                dst[c * hw + i] = src[(cb * hw + i) * 16 + l];
            }
        }
    }

    /** K×C filters to [K/(16·kbs)][C][16·kbs]. */
    static float[] packWeights(float[] wKC, int outChannels, int channels, int kbs) {
        float[] w = new float[outChannels * channels];
        int g = 16 * kbs;
        for (int k = 0; k < outChannels; k++) {
            for (int c = 0; c < channels; c++) {
                w[(k / g) * channels * g + c * g + k % g] = wKC[k * channels + c];
            }
        }
        return w;
    }
}
'''
D_HEAD = r'''import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Prototype: a direct convolution (any kernel, stride) on channel-blocked tensors, NCHW16c as oneDNN's nChw16c and
 * ONNX Runtime's MLAS NCHWc: input zero-padded [C/16][Hp][Wp][16], weights [K/(16·KB)][C/16][R][S][16][16·KB],
 * output [K/16][Ho][Wo][16]. A register tile is P output positions of one row × KB blocks of 16 output channels:
 * per input channel and tap it loads KB weight vectors and broadcasts P input values. Nothing is packed per call.
 */
final class NchwcDirect {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

'''
D_TAIL = r'''    static final int[][] TILES = {@TILES@};

    static void tile(int id, int cBlocks, int kh, int kw, float[] x, int xBase, int rowStride, int posStride, int cbStride,
                     float[] w, int wOff, float[] y, int yBase, int yBlockStride) {
        switch (id) {
@CASES@            default -> throw new IllegalArgumentException();
        }
    }

    static int tileId(int p, int kb) {
        for (int i = 0; i < TILES.length; i++) if (TILES[i][0] == p && TILES[i][1] == kb) return i;
        return -1;
    }

    /**
     * y := conv(x) for one image; x padded (hp × wp), y ho × wo; P positions a tile (must divide wo... else smaller
     * tiles of the same KB take the rest: 4, 2, 1 with KB 4; 1 with KB 2).
     */
    static void forward(int p, int kb, int channels, int outChannels, int hp, int wp, int ho, int wo, int kh, int kw,
                        int stride, float[] x, float[] w, float[] y) {
        int main = tileId(p, kb);
        int cBlocks = channels / 16, groups = outChannels / (16 * kb);
        int rowStride = wp * 16, posStride = stride * 16, cbStride = hp * wp * 16, yBlockStride = ho * wo * 16;
        int wGroup = cBlocks * kh * kw * 16 * 16 * kb;
        for (int g = 0; g < groups; g++) {
            int wOff = g * wGroup;
            for (int oy = 0; oy < ho; oy++) {
                int ox = 0;
                for (; ox + p <= wo; ox += p) {
                    tile(main, cBlocks, kh, kw, x, (oy * stride * wp + ox * stride) * 16, rowStride, posStride, cbStride,
                            w, wOff, y, ((g * kb) * ho * wo + oy * wo + ox) * 16, yBlockStride);
                }
                for (int q : kb == 4 ? new int[] {4, 2, 1} : new int[] {1}) {
                    for (; ox + q <= wo; ox += q) {
                        tile(tileId(q, kb), cBlocks, kh, kw, x, (oy * stride * wp + ox * stride) * 16, rowStride, posStride,
                                cbStride, w, wOff, y, ((g * kb) * ho * wo + oy * wo + ox) * 16, yBlockStride);
                    }
                }
            }
        }
    }

    /** NCHW (one image) to zero-padded [C/16][h+2·pad][w+2·pad][16]. */
    static float[] toBlockedPadded(float[] src, int channels, int h, int wd, int pad) {
        int hp = h + 2 * pad, wp = wd + 2 * pad;
        float[] dst = new float[channels * hp * wp];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < wd; j++) {
                    dst[((c / 16) * hp * wp + (i + pad) * wp + j + pad) * 16 + c % 16] = src[(c * h + i) * wd + j];
                }
            }
        }
        return dst;
    }

    /** [K/16][hw][16] back to NCHW. */
    static void fromBlocked(float[] src, int channels, int hw, float[] dst) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < hw; i++) {
                dst[c * hw + i] = src[((c / 16) * hw + i) * 16 + c % 16];
            }
        }
    }

    /** K×C×R×S filters to [K/(16·kb)][C/16][R][S][16][16·kb]. */
    static float[] packWeights(float[] wt, int outChannels, int channels, int kh, int kw, int kb) {
        float[] out = new float[outChannels * channels * kh * kw];
        int g = 16 * kb;
        for (int k = 0; k < outChannels; k++)
            for (int c = 0; c < channels; c++)
                for (int r = 0; r < kh; r++)
                    for (int s = 0; s < kw; s++)
                        out[(k / g) * channels * kh * kw * g + ((((c / 16) * kh + r) * kw + s) * 16 + c % 16) * g + k % g]
                                = wt[((k * channels + c) * kh + r) * kw + s];
        return out;
    }
}
'''

write("NchwcPointwise.java", P_HEAD, "\n\n".join(pointwise_tile(p, k) for p, k in POINTWISE_TILES), P_TAIL,
      POINTWISE_TILES,
      "".join(f"            case {i} -> tile{p}x{k}(channels, x, pos, hw, w, wOff, y, kb0);\n"
              for i, (p, k) in enumerate(POINTWISE_TILES)))
args = "cBlocks, kh, kw, x, xBase, rowStride, posStride, cbStride, w, wOff, y, yBase, yBlockStride"
write("NchwcDirect.java", D_HEAD,
      "\n\n".join(direct_tile(p, k, s) for s in (1, 2) for p, k in DIRECT_TILES), D_TAIL, DIRECT_TILES,
      "".join(f"            case {i} -> {{ if (posStride == 16) tile{p}x{k}s1({args}); else tile{p}x{k}s2({args}); }}\n"
              for i, (p, k) in enumerate(DIRECT_TILES)))
