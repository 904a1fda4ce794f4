import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.PreparedConvolution;
import java.util.Locale;
import java.util.Random;

/**
 * Filters from memory: ResVec's prepared POINTWISE_GEMM and the NCHW16c prototype (6×4 tile), each call on the next
 * of as many weight copies as fill MIB mebibytes (cold), and on one copy over and over (warm), alternated in one JVM (8 rounds of 0.3 s each, the first 2 not counted; medians of the rounds).
 * Usage: ColdBench MIB C-K-HW[,...]
 */
public final class ColdBench {
    public static void main(String[] args) {
        int mib = Integer.parseInt(args[0]);
        System.out.println("| C→K @ H·W | copies | ResVec cold / warm ms | NCHW16c cold / warm ms | cold: NCHW16c ÷ ResVec speed |");
        System.out.println("|---|---|---|---|---|");
        for (String spec : args[1].split(",")) {
            String[] f = spec.split("-");
            int c = Integer.parseInt(f[0]), k = Integer.parseInt(f[1]), hw = Integer.parseInt(f[2]);
            int side = (int) Math.round(Math.sqrt(hw));
            int copies = (int) Math.max(2, (long) mib * 1024 * 1024 / (4L * k * c));
            Random r = new Random(7);
            float[] x = new float[c * hw], xb = new float[c * hw], y = new float[k * hw], yb = new float[k * hw];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
            NchwcPointwise.toBlocked(x, c, hw, xb);
            ConvShape shape = new ConvShape(1, c, side, side, k, 1, 1, 1, 1, 0, 0, 1, 1, 1);
            PreparedConvolution[] prep = new PreparedConvolution[copies];
            float[][] wb = new float[copies][];
            Parallelism one = Parallelism.threads(1);
            for (int q = 0; q < copies; q++) {
                float[] w = new float[k * c];
                for (int i = 0; i < w.length; i++) w[i] = (r.nextFloat() * 2 - 1) * 0.1f;
                prep[q] = Convolution.prepare(shape, ConvAlgorithm.POINTWISE_GEMM, w, 0);
                prep[q].forward(1, x, 0, y, 0, ConvEpilogue.none(), one);   // builds the layout a call uses
                wb[q] = NchwcPointwise.packWeights(w, k, c, 4);
            }
            double[] rc = new double[4];
            java.util.List<java.util.List<Double>> times = new java.util.ArrayList<>();
            for (int m = 0; m < 4; m++) times.add(new java.util.ArrayList<>());
            java.util.List<Double> ratios = new java.util.ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int mode = 0; mode < 4; mode++) {
                    long t0 = System.nanoTime();
                    int n = 0;
                    while (System.nanoTime() - t0 < 300_000_000L) {
                        int q = mode % 2 == 0 ? n % copies : 0;
                        if (mode < 2) prep[q].forward(1, x, 0, y, 0, ConvEpilogue.none(), one);
                        else NchwcPointwise.forward(0, c, k, hw, xb, wb[q], yb);
                        n++;
                    }
                    rc[mode] = (System.nanoTime() - t0) / 1e6 / n;
                }
                if (round >= 2) {
                    ratios.add(rc[0] / rc[2]);
                    for (int m = 0; m < 4; m++) times.get(m).add(rc[m]);
                }
            }
            java.util.Collections.sort(ratios);
            double[] best = new double[4];
            for (int m = 0; m < 4; m++) { java.util.Collections.sort(times.get(m)); best[m] = times.get(m).get(times.get(m).size() / 2); }
            System.out.printf(Locale.ROOT, "| %d→%d @ %d | %d | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f / %.3f |%n", c, k, hw, copies,
                    best[0], best[1], best[2], best[3], ratios.get(0), ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1));
        }
    }
}
