package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.norm.NormKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorOperators.Comparison;

/**
 * The batch-norm passes on {@link VectorConfig#F}: memory-bound loops over each {@code (b, c)} row, a vector body
 * and a scalar tail. The tail of {@link #backwardInput} does a lane's float operations, so an element's result does
 * not depend on where the loop bound falls.
 *
 * <p>Sums follow {@code VectorElementwise.channelSums}: float vectors over blocks of {@link #BLOCK} elements, two
 * independent accumulators per sum, then one horizontal reduction per block added in double. A block is half of
 * {@code channelSums}' because each step here keeps two sums (four accumulators) and reads two arrays; the depth
 * of a lane's float additions stays the same, at most {@code BLOCK / (2·VL) ≤ 64}, so the rounding error of a sum
 * is bounded by about {@code (64 + 1 + (VL − 1))·u} of the block's absolute sum whatever the row length (u = 2^-24).
 *
 * <p>The sums visit the rows in memory order (image by image, each image's channels in turn), adding into each
 * channel's double as they go: a channel's additions come in the same order as channel by channel, so the bits are
 * the same, but the tensor streams from memory instead of in one {@code spatial}-long run per image and channel (a
 * 4 KiB run 64 KiB from the next at 16@32×32, batch 64). Xeon (Emerald Rapids), 1 thread, {@code reluGradSums} on
 * cold tensors of batch 64: 16@32×32 0.58 → 0.52 ms, 32@16×16 0.33 → 0.27, 64@8×8 0.28 → 0.18 (the whole
 * ResNet-20 training step: within its JVM-to-JVM spread).
 */
public final class VectorNorm implements NormKernels {
    /** Elements summed in float vector registers before the partial sums move to double (2 KiB of each array). */
    static final int BLOCK = 512;
    /** Elements per step of the two-accumulator loops. */
    private static final int STEP2 = 2 * VL;
    private static final Comparison GT = VectorOperators.GT;

    /** @return the vector batch-norm passes at {@link VectorConfig#F}'s width (call only where the vector backend runs) */
    public static NormKernels create() {
        return new VectorNorm();
    }

    private VectorNorm() {}

    @Override
    public void sums(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, double[] sum) {
        Arrays.fill(sum, c0, c1, 0.0);
        for (int b = 0; b < batch; b++) {
            for (int c = c0; c < c1; c++) {
                double s = sum[c];
                int row = offX + (b * channels + c) * spatial;
                for (int start = 0; start < spatial; start += BLOCK) {
                    int len = Math.min(BLOCK, spatial - start);
                    int from = row + start;
                    int i = 0;
                    if (len >= VL) {
                        FloatVector s0 = FloatVector.zero(F);
                        FloatVector s1 = s0;
                        int bound2 = len - len % STEP2;
                        for (; i < bound2; i += STEP2) {
                            s0 = s0.add(FloatVector.fromArray(F, x, from + i));
                            s1 = s1.add(FloatVector.fromArray(F, x, from + i + VL));
                        }
                        int bound = F.loopBound(len);
                        for (; i < bound; i += VL) {
                            s0 = s0.add(FloatVector.fromArray(F, x, from + i));
                        }
                        s += VectorConfig.sumLanes(s0.add(s1));
                    }
                    for (; i < len; i++) {
                        s += x[from + i];
                    }
                }
                sum[c] = s;
            }
        }
    }

    @Override
    public void shiftedSums(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, float[] shift,
                            double[] sum, double[] sumSq) {
        Arrays.fill(sum, c0, c1, 0.0);
        Arrays.fill(sumSq, c0, c1, 0.0);
        for (int b = 0; b < batch; b++) {
            for (int c = c0; c < c1; c++) {
                float sh = shift[c];
                double s = sum[c];
                double q = sumSq[c];
                int row = offX + (b * channels + c) * spatial;
                for (int start = 0; start < spatial; start += BLOCK) {
                    int len = Math.min(BLOCK, spatial - start);
                    int from = row + start;
                    int i = 0;
                    if (len >= VL) {
                        FloatVector vs = FloatVector.broadcast(F, sh);
                        FloatVector s0 = FloatVector.zero(F);
                        FloatVector s1 = s0;
                        FloatVector q0 = s0;
                        FloatVector q1 = s0;
                        int bound2 = len - len % STEP2;
                        for (; i < bound2; i += STEP2) {
                            FloatVector d0 = FloatVector.fromArray(F, x, from + i).sub(vs);
                            FloatVector d1 = FloatVector.fromArray(F, x, from + i + VL).sub(vs);
                            s0 = s0.add(d0);
                            s1 = s1.add(d1);
                            q0 = madd(d0, d0, q0);
                            q1 = madd(d1, d1, q1);
                        }
                        int bound = F.loopBound(len);
                        for (; i < bound; i += VL) {
                            FloatVector d0 = FloatVector.fromArray(F, x, from + i).sub(vs);
                            s0 = s0.add(d0);
                            q0 = madd(d0, d0, q0);
                        }
                        s += VectorConfig.sumLanes(s0.add(s1));
                        q += VectorConfig.sumLanes(q0.add(q1));
                    }
                    for (; i < len; i++) {
                        float d = x[from + i] - sh;
                        s += d;
                        q += (double) d * d;
                    }
                }
                sum[c] = s;
                sumSq[c] = q;
            }
        }
    }

    @Override
    public void gradSums(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] x,
                         int offX, float[] shift, double[] sumG, double[] sumGD) {
        gradSums(batch, channels, c0, c1, spatial, g, offG, null, 0, x, offX, shift, sumG, sumGD, null, 0);
    }

    @Override
    public void reluGradSums(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] y,
                             int offY, float[] x, int offX, float[] shift, double[] sumG, double[] sumGD,
                             float[] masked, int offMasked) {
        gradSums(batch, channels, c0, c1, spatial, g, offG, y, offY, x, offX, shift, sumG, sumGD, masked, offMasked);
    }

    /**
     * The sums of {@code gradSums}, of g itself (y null) or of g masked by {@code y > 0}, the masked gradient
     * written to {@code masked} unless null. One body, so both sum in exactly the same order.
     */
    private static void gradSums(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] y,
                                 int offY, float[] x, int offX, float[] shift, double[] sumG, double[] sumGD,
                                 float[] masked, int offMasked) {
        FloatVector zero = FloatVector.zero(F);
        Arrays.fill(sumG, c0, c1, 0.0);
        Arrays.fill(sumGD, c0, c1, 0.0);
        for (int b = 0; b < batch; b++) {
            for (int c = c0; c < c1; c++) {
                float sh = shift[c];
                double s = sumG[c];
                double q = sumGD[c];
                int row = (b * channels + c) * spatial;
                for (int start = 0; start < spatial; start += BLOCK) {
                    int len = Math.min(BLOCK, spatial - start);
                    int gFrom = offG + row + start;
                    int yFrom = offY + row + start;
                    int mFrom = offMasked + row + start;
                    int xFrom = offX + row + start;
                    int i = 0;
                    if (len >= VL) {
                        FloatVector vs = FloatVector.broadcast(F, sh);
                        FloatVector s0 = FloatVector.zero(F);
                        FloatVector s1 = s0;
                        FloatVector q0 = s0;
                        FloatVector q1 = s0;
                        int bound2 = len - len % STEP2;
                        for (; i < bound2; i += STEP2) {
                            FloatVector g0 = FloatVector.fromArray(F, g, gFrom + i);
                            FloatVector g1 = FloatVector.fromArray(F, g, gFrom + i + VL);
                            if (y != null) {
                                g0 = zero.blend(g0, FloatVector.fromArray(F, y, yFrom + i).compare(GT, 0f));
                                g1 = zero.blend(g1, FloatVector.fromArray(F, y, yFrom + i + VL).compare(GT, 0f));
                                if (masked != null) {
                                    g0.intoArray(masked, mFrom + i);
                                    g1.intoArray(masked, mFrom + i + VL);
                                }
                            }
                            FloatVector d0 = FloatVector.fromArray(F, x, xFrom + i).sub(vs);
                            FloatVector d1 = FloatVector.fromArray(F, x, xFrom + i + VL).sub(vs);
                            s0 = s0.add(g0);
                            s1 = s1.add(g1);
                            q0 = madd(g0, d0, q0);
                            q1 = madd(g1, d1, q1);
                        }
                        int bound = F.loopBound(len);
                        for (; i < bound; i += VL) {
                            FloatVector g0 = FloatVector.fromArray(F, g, gFrom + i);
                            if (y != null) {
                                g0 = zero.blend(g0, FloatVector.fromArray(F, y, yFrom + i).compare(GT, 0f));
                                if (masked != null) {
                                    g0.intoArray(masked, mFrom + i);
                                }
                            }
                            FloatVector d0 = FloatVector.fromArray(F, x, xFrom + i).sub(vs);
                            s0 = s0.add(g0);
                            q0 = madd(g0, d0, q0);
                        }
                        s += VectorConfig.sumLanes(s0.add(s1));
                        q += VectorConfig.sumLanes(q0.add(q1));
                    }
                    for (; i < len; i++) {
                        float gv = g[gFrom + i];
                        if (y != null) {
                            gv = y[yFrom + i] > 0f ? gv : 0f;
                            if (masked != null) {
                                masked[mFrom + i] = gv;
                            }
                        }
                        s += gv;
                        q += (double) gv * (x[xFrom + i] - sh);
                    }
                }
                sumG[c] = s;
                sumGD[c] = q;
            }
        }
    }

    @Override
    public void backwardInput(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] x,
                              int offX, float[] shift, float[] a, float[] b, float[] k, float[] out, int offOut) {
        int bound = F.loopBound(spatial);
        for (int n = 0; n < batch; n++) {
            for (int c = c0; c < c1; c++) {
                int row = (n * channels + c) * spatial;
                int gi = offG + row;
                int xi = offX + row;
                int oi = offOut + row;
                float sh = shift[c];
                float ac = a[c];
                float bc = b[c];
                float kc = k[c];
                FloatVector vs = FloatVector.broadcast(F, sh);
                FloatVector va = FloatVector.broadcast(F, ac);
                FloatVector vb = FloatVector.broadcast(F, bc);
                FloatVector vk = FloatVector.broadcast(F, kc);
                int i = 0;
                for (; i < bound; i += VL) {
                    FloatVector d = FloatVector.fromArray(F, x, xi + i).sub(vs);
                    FloatVector gv = FloatVector.fromArray(F, g, gi + i);
                    madd(gv, va, madd(d, vb, vk)).intoArray(out, oi + i);
                }
                for (; i < spatial; i++) {
                    out[oi + i] = madd(g[gi + i], ac, madd(x[xi + i] - sh, bc, kc));
                }
            }
        }
    }

    @Override
    public void normalize(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, float[] scale,
                          float[] shift, float[] residual, int offResidual, boolean relu, float[] out, int offOut) {
        int bound = F.loopBound(spatial);
        for (int n = 0; n < batch; n++) {
            for (int c = c0; c < c1; c++) {
                int row = (n * channels + c) * spatial;
                int xi = offX + row;
                int ri = offResidual + row;
                int oi = offOut + row;
                float scv = scale[c];
                float shv = shift[c];
                FloatVector sc = FloatVector.broadcast(F, scv);
                FloatVector sh = FloatVector.broadcast(F, shv);
                int s = 0;
                if (residual == null && !relu) {
                    for (; s < bound; s += VL) {
                        madd(FloatVector.fromArray(F, x, xi + s), sc, sh).intoArray(out, oi + s);
                    }
                } else if (residual == null) {
                    for (; s < bound; s += VL) {
                        madd(FloatVector.fromArray(F, x, xi + s), sc, sh).max(0f).intoArray(out, oi + s);
                    }
                } else if (!relu) {
                    for (; s < bound; s += VL) {
                        madd(FloatVector.fromArray(F, x, xi + s), sc, sh).add(FloatVector.fromArray(F, residual, ri + s))
                                .intoArray(out, oi + s);
                    }
                } else {
                    for (; s < bound; s += VL) {
                        madd(FloatVector.fromArray(F, x, xi + s), sc, sh).add(FloatVector.fromArray(F, residual, ri + s))
                                .max(0f).intoArray(out, oi + s);
                    }
                }
                for (; s < spatial; s++) {
                    float v = madd(x[xi + s], scv, shv);
                    if (residual != null) {
                        v += residual[ri + s];
                    }
                    out[oi + s] = relu ? Math.max(v, 0f) : v;
                }
            }
        }
    }

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    /** The scalar twin of {@link #madd(FloatVector, FloatVector, FloatVector)}: the same rounding as a lane. */
    private static float madd(float a, float b, float c) {
        return FMA ? Math.fma(a, b, c) : a * b + c;
    }
}
