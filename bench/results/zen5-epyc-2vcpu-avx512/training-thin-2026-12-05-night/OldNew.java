import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.conv.*;
import java.util.*;

public final class OldNew {
    public static void main(String[] args) {
        int c = Integer.parseInt(args[0]), hw = Integer.parseInt(args[1]), threads = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]), stride = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int k = args.length > 5 ? Integer.parseInt(args[5]) : c;
        ConvShape s = ConvShape.of(batch, c, hw, hw, k, 3, stride, 1);
        Random r = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()];
        for (float[] a : new float[][]{in, w}) for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        Parallelism p = Parallelism.threads(threads);
        ConvAlgorithm alg = ConvAlgorithm.IM2COL_GEMM;
        ConvContext ctx = ConvContext.active();
        int rounds = 7, calls = Math.max(10, (int) (4e8 / (2.0 * s.outputSize() * c * 9)));
        double[][] med = new double[2][rounds];
        for (int round = -2; round < rounds; round++) {
            for (int v = 0; v < 2; v++) {
                double[] t = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    if (v == 0) GemmConvolution.forward(ctx, s, alg, in, 0, GemmConvolution.packFilters(ctx, s, w, 0), GemmConvolution.columnIndex(s, alg), out, 0, ConvEpilogue.none(), p);
                    else Convolution.forward(s, alg, in, 0, w, 0, out, 0, ConvEpilogue.none(), p);
                    t[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(t);
                if (round >= 0) med[v][round] = t[calls / 2];
            }
        }
        double[] ratio = new double[rounds];
        for (int i = 0; i < rounds; i++) ratio[i] = med[0][i] / med[1][i];
        Arrays.sort(ratio); Arrays.sort(med[0]); Arrays.sort(med[1]);
        System.out.printf("%d->%d@%dx%d/%d batch %d %dT: packed-per-call %.3f ms, now %.3f ms, old/new %.2f [%.2f-%.2f]%n", c, k, hw, hw, stride, batch, threads,
                med[0][rounds / 2], med[1][rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
    }
}
