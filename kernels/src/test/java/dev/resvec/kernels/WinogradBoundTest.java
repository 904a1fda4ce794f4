package dev.resvec.kernels;

import static dev.resvec.kernels.WinogradTestSupport.U_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.resvec.kernels.internal.conv.WinogradBackends;
import dev.resvec.kernels.internal.conv.WinogradGeometry;
import dev.resvec.kernels.internal.conv.WinogradVariant;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * The transform matrices and the error bound: the matrices compute the correlation (Lavin &amp; Gray's identity),
 * the growth constant κ stated in the Javadoc is what the matrices give, and the bound is tight enough to catch a
 * missing channel or a window shifted by one pixel while the real result passes it.
 */
class WinogradBoundTest {

    /** 1-D F(m, 3) in double on small integers: Aᵀ[(G g) ⊙ (Bᵀ d)] is the correlation Σ_r g[r]·d[i + r]. */
    @Example
    void theMatricesComputeTheCorrelation() {
        Random rnd = new Random(3);
        for (WinogradVariant v : WinogradVariant.values()) {
            double[][] bt = v.bt(), g = v.g(), at = v.at();
            int a = v.alpha();
            for (int trial = 0; trial < 50; trial++) {
                double[] w = new double[3], d = new double[a];
                for (int i = 0; i < 3; i++) {
                    w[i] = rnd.nextInt(19) - 9;
                }
                for (int i = 0; i < a; i++) {
                    d[i] = rnd.nextInt(19) - 9;
                }
                double[] gw = new double[a], bd = new double[a], bdFactored = new double[a];
                for (int x = 0; x < a; x++) {
                    for (int j = 0; j < 3; j++) {
                        gw[x] += g[x][j] * w[j];
                    }
                    for (int j = 0; j < a; j++) {
                        bd[x] += bt[x][j] * d[j];
                    }
                }
                v.applyBt(d, 0, 1, bdFactored, 0, 1);
                double[] prod = new double[a];
                for (int x = 0; x < a; x++) {
                    assertEquals(bd[x], bdFactored[x], 0.0, v + ": factored Bᵀ differs from the matrix");
                    prod[x] = gw[x] * bd[x];
                }
                double[] y = new double[v.m()];
                v.applyAt(prod, 0, 1, y, 0, 1);
                for (int i = 0; i < v.m(); i++) {
                    double matrix = 0;
                    for (int x = 0; x < a; x++) {
                        matrix += at[i][x] * prod[x];
                    }
                    double direct = w[0] * d[i] + w[1] * d[i + 1] + w[2] * d[i + 2];
                    assertEquals(direct, y[i], 1e-12, v + " output " + i);
                    assertEquals(matrix, y[i], 1e-12, v + ": factored Aᵀ differs from the matrix");
                }
            }
        }
    }

    /** κ = max_{i,a} Σ_ξ |Aᵀ[i][ξ]|·|G[ξ][a]|·Σ_b|Bᵀ[ξ][b]|: 4 for F(2,3), 88/3 for F(4,3) (κ² = 16 and ≈ 860). */
    @Example
    void theGrowthConstantIsWhatTheMatricesGive() {
        for (WinogradVariant v : WinogradVariant.values()) {
            double[][] bt = v.bt(), g = v.g(), at = v.at();
            double kappa = 0;
            for (int i = 0; i < v.m(); i++) {
                for (int a = 0; a < 3; a++) {
                    double sum = 0;
                    for (int x = 0; x < v.alpha(); x++) {
                        double row = 0;
                        for (int b = 0; b < v.alpha(); b++) {
                            row += Math.abs(bt[x][b]);
                        }
                        sum += Math.abs(at[i][x]) * Math.abs(g[x][a]) * row;
                    }
                    kappa = Math.max(kappa, sum);
                }
            }
            assertEquals(v.kappa(), kappa, 1e-12, v.toString());
        }
        assertEquals(16.0, Math.pow(WinogradVariant.F2X2_3X3.kappa(), 2), 1e-12);
        assertEquals(860.44, Math.pow(WinogradVariant.F4X4_3X3.kappa(), 2), 0.01);
    }

    /**
     * On a ResNet-like layer (C = K = 64), the computed result passes the bound, while a result missing one input
     * channel, or computed on the input shifted by one column, fails it.
     */
    @Example
    void theBoundCatchesAMissingChannelAndAShiftedWindow() {
        Random rnd = new Random(9);
        ConvShape s = ConvShape.of(1, 64, 12, 12, 64, 3, 1, 1);
        float[] in = WinogradTestSupport.array(rnd, 0, s.inputSize(), 0, 0f);
        float[] wt = WinogradTestSupport.array(rnd, 0, s.filterSize(), 0, 0f);
        double[] din = WinogradTestSupport.toDouble(in), dw = WinogradTestSupport.toDouble(wt);
        double[] ref = new double[s.outputSize()];
        Convolution.forward(s, din, 0, dw, 0, null, 0, ref, 0);

        double[] dwMissing = dw.clone();                       // input channel 17 missing from every filter
        for (int k = 0; k < s.outChannels(); k++) {
            java.util.Arrays.fill(dwMissing, (k * 64 + 17) * 9, (k * 64 + 18) * 9, 0.0);
        }
        double[] missing = new double[s.outputSize()];
        Convolution.forward(s, din, 0, dwMissing, 0, null, 0, missing, 0);
        double[] dinShifted = new double[din.length];          // every row shifted left by one column
        for (int r = 0; r < din.length / 12; r++) {
            System.arraycopy(din, r * 12 + 1, dinShifted, r * 12, 11);
        }
        double[] shifted = new double[s.outputSize()];
        Convolution.forward(s, dinShifted, 0, dw, 0, null, 0, shifted, 0);

        for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.WINOGRAD_F2X2_3X3,
                ConvAlgorithm.WINOGRAD_F4X4_3X3}) {
            WinogradVariant v = WinogradVariant.of(a);
            double[] phi = WinogradTestSupport.magnitude(WinogradGeometry.forward(s, v), din, 0, dw, 0, false);
            int n = WinogradTestSupport.floatRoundings(v, 64, WinogradBackends.active().blocking().kc());
            float[] out = new float[s.outputSize()];
            Convolution.forward(s, a, in, 0, wt, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread());
            assertNull(WinogradTestSupport.firstViolation(out, 0, ref, phi, null, n, U_FLOAT), a + ": the result");
            assertNotNull(WinogradTestSupport.firstViolation(toFloat(missing), 0, ref, phi, null, n, U_FLOAT),
                    a + ": a missing channel passed the bound");
            assertNotNull(WinogradTestSupport.firstViolation(toFloat(shifted), 0, ref, phi, null, n, U_FLOAT),
                    a + ": a shifted window passed the bound");
        }
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
