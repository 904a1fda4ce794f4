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
 * ResVec's prepared 1×1 convolution (POINTWISE_GEMM, NCHW) against the NCHW16c prototype on the same values,
 * alternated round by round in one JVM (12 rounds of 0.3 s a side, the first 3 not counted), 1 thread, one image.
 * Layout conversions are outside the timed calls; both outputs are checked against a double-precision sum.
 * Usage: NchwcBench TILE_ID C-K-HW[,C-K-HW...]
 */
public final class NchwcBench {
    public static void main(String[] args) {
        int id = Integer.parseInt(args[0]);
        System.out.printf("tile %dx%d%n", NchwcPointwise.TILES[id][0], NchwcPointwise.TILES[id][1]);
        System.out.println("| C→K @ H·W | ResVec GEMM ms (GFLOP/s) | NCHW16c ms (GFLOP/s) | NCHW16c ÷ ResVec speed, per round min / median / max | max rel. error both |");
        System.out.println("|---|---|---|---|---|");
        for (String spec : args[1].split(",")) {
            String[] f = spec.split("-");
            int c = Integer.parseInt(f[0]), k = Integer.parseInt(f[1]), hw = Integer.parseInt(f[2]);
            int side = (int) Math.round(Math.sqrt(hw));
            Random r = new Random(7);
            float[] x = new float[c * hw], w = new float[k * c];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
            for (int i = 0; i < w.length; i++) w[i] = (r.nextFloat() * 2 - 1) * 0.1f;
            ConvShape shape = new ConvShape(1, c, side, side, k, 1, 1, 1, 1, 0, 0, 1, 1, 1);
            PreparedConvolution prep = Convolution.prepare(shape, ConvAlgorithm.POINTWISE_GEMM, w, 0);
            Parallelism one = Parallelism.threads(1);
            float[] yRef = new float[k * hw];
            float[] xb = new float[c * hw], yb = new float[k * hw], yNc = new float[k * hw];
            NchwcPointwise.toBlocked(x, c, hw, xb);
            float[] wb = NchwcPointwise.packWeights(w, k, c, NchwcPointwise.TILES[id][1]);
            Runnable resvec = () -> prep.forward(1, x, 0, yRef, 0, ConvEpilogue.none(), one);
            Runnable nchwc = () -> NchwcPointwise.forward(id, c, k, hw, xb, wb, yb);
            List<Double> ratios = new ArrayList<>(), ta = new ArrayList<>(), tb = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                double a = time(resvec), b = time(nchwc);
                if (round >= 3) { ratios.add(a / b); ta.add(a); tb.add(b); }
            }
            NchwcPointwise.fromBlocked(yb, k, hw, yNc);
            double errA = 0, errB = 0;
            for (int q = 0; q < 64; q++) {
                int kk = r.nextInt(k), i = r.nextInt(hw);
                double s = 0, sa = 0;
                for (int cc = 0; cc < c; cc++) { double t = (double) w[kk * c + cc] * x[cc * hw + i]; s += t; sa += Math.abs(t); }
                errA = Math.max(errA, Math.abs(yRef[kk * hw + i] - s) / sa);
                errB = Math.max(errB, Math.abs(yNc[kk * hw + i] - s) / sa);
            }
            Collections.sort(ratios); Collections.sort(ta); Collections.sort(tb);
            double flops = 2.0 * c * k * hw;
            double ma = ta.get(ta.size() / 2), mb = tb.get(tb.size() / 2);
            System.out.printf(Locale.ROOT, "| %d→%d @ %d | %.3f (%.0f) | %.3f (%.0f) | %.3f / %.3f / %.3f | %.1e / %.1e |%n",
                    c, k, hw, ma, flops / ma / 1e6, mb, flops / mb / 1e6, ratios.get(0), ratios.get(ratios.size() / 2),
                    ratios.get(ratios.size() - 1), errA, errB);
        }
    }

    /** Median milliseconds of one call over 0.3 s. */
    static double time(Runnable call) {
        List<Double> t = new ArrayList<>();
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) {
            long s = System.nanoTime();
            call.run();
            t.add((System.nanoTime() - s) / 1e6);
        }
        Collections.sort(t);
        return t.get(t.size() / 2);
    }
}
