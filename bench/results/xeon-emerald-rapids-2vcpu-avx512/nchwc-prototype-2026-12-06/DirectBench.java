import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.PreparedConvolution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * ResVec's prepared convolution (the algorithm the predictor's AUTO picks, NCHW) against the NCHW16c direct prototype
 * on the same values, alternated round by round in one JVM (12 rounds of 0.3 s a side, the first 3 not counted), 1
 * thread, one image. Layout conversions and padding are outside the timed calls (a network would keep its
 * activations blocked and padded); both outputs are checked against double-precision sums.
 * Usage: DirectBench P KB LAYER[,LAYER...] with LAYER = RxR[sS]_C-K_H (ConvBenchmark's names); compiled with
 * NchwcBench, whose timer it shares
 */
public final class DirectBench {
    public static void main(String[] args) {
        int p = Integer.parseInt(args[0]), kb = Integer.parseInt(args[1]);
        System.out.printf("tile %d positions x %d blocks of 16 channels%n", p, kb);
        System.out.println("| layer | ResVec algorithm | ResVec ms (GFLOP/s) | NCHW16c direct ms (GFLOP/s) | direct ÷ ResVec speed, per round min / median / max | max rel. error ResVec / direct |");
        System.out.println("|---|---|---|---|---|---|");
        for (String spec : args[2].split(",")) {
            var m = java.util.regex.Pattern.compile("(\\d+)x(\\d+)(?:s(\\d+))?_(\\d+)-(\\d+)_(\\d+)").matcher(spec);
            if (!m.matches()) throw new IllegalArgumentException(spec);
            int kh = Integer.parseInt(m.group(1)), st = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            int c = Integer.parseInt(m.group(4)), k = Integer.parseInt(m.group(5)), h = Integer.parseInt(m.group(6));
            int pad = kh / 2;
            ConvShape shape = new ConvShape(1, c, h, h, k, kh, kh, st, st, pad, pad, 1, 1, 1);
            int ho = shape.outHeight(), wo = shape.outWidth(), hp = h + 2 * pad, wp = h + 2 * pad;
            Random r = new Random(7);
            float[] x = new float[c * h * h], w = new float[k * c * kh * kh];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
            for (int i = 0; i < w.length; i++) w[i] = (r.nextFloat() * 2 - 1) * 0.1f;
            PreparedConvolution prep = Convolution.prepare(shape, ConvAlgorithm.AUTO, w, 0);
            Parallelism one = Parallelism.threads(1);
            float[] yRef = new float[k * ho * wo], yb = new float[k * ho * wo], yNc = new float[k * ho * wo];
            float[] xb = NchwcDirect.toBlockedPadded(x, c, h, h, pad);
            float[] wb = NchwcDirect.packWeights(w, k, c, kh, kh, kb);
            int pp = Math.min(p, wo);
            Runnable resvec = () -> prep.forward(1, x, 0, yRef, 0, ConvEpilogue.none(), one);
            Runnable direct = () -> NchwcDirect.forward(pp, kb, c, k, hp, wp, ho, wo, kh, kh, st, xb, wb, yb);
            List<Double> ratios = new ArrayList<>(), ta = new ArrayList<>(), tb = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                double a = NchwcBench.time(resvec), b = NchwcBench.time(direct);
                if (round >= 3) { ratios.add(a / b); ta.add(a); tb.add(b); }
            }
            NchwcDirect.fromBlocked(yb, k, ho * wo, yNc);
            double errA = 0, errB = 0;
            for (int q = 0; q < 64; q++) {
                int kk = r.nextInt(k), oy = r.nextInt(ho), ox = r.nextInt(wo);
                double s = 0, sa = 0;
                for (int cc = 0; cc < c; cc++)
                    for (int rr = 0; rr < kh; rr++)
                        for (int ss = 0; ss < kh; ss++) {
                            int iy = oy * st + rr - pad, ix = ox * st + ss - pad;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= h) continue;
                            double t = (double) w[((kk * c + cc) * kh + rr) * kh + ss] * x[(cc * h + iy) * h + ix];
                            s += t; sa += Math.abs(t);
                        }
                int o = kk * ho * wo + oy * wo + ox;
                errA = Math.max(errA, Math.abs(yRef[o] - s) / sa);
                errB = Math.max(errB, Math.abs(yNc[o] - s) / sa);
            }
            Collections.sort(ratios); Collections.sort(ta); Collections.sort(tb);
            double flops = shape.flops();
            double ma = ta.get(ta.size() / 2), mb = tb.get(tb.size() / 2);
            System.out.printf(Locale.ROOT, "| %s | %s | %.3f (%.0f) | %.3f (%.0f) | %.3f / %.3f / %.3f | %.1e / %.1e |%n",
                    spec, prep.algorithm(), ma, flops / ma / 1e6, mb, flops / mb / 1e6, ratios.get(0),
                    ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1), errA, errB);
        }
    }
}
