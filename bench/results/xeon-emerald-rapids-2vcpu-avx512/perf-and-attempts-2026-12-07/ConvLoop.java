import dev.resvec.kernels.*;
import java.util.*;

/** Runs one prepared conv in a loop for a number of seconds (for perf). Args: C K H R stride pad batch threads seconds ALG [none|residual] (default: bias + ReLU) */
public final class ConvLoop {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]), r = Integer.parseInt(a[3]);
        int st = Integer.parseInt(a[4]), pad = Integer.parseInt(a[5]), b = Integer.parseInt(a[6]), t = Integer.parseInt(a[7]);
        double secs = Double.parseDouble(a[8]);
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[9]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        ConvShape s = ConvShape.of(b, c, h, h, k, r, st, pad);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < bias.length; i++) bias[i] = rnd.nextFloat() - 0.5f;
        PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
        String epi = a.length > 10 ? a[10] : "bias+relu";
        float[] res = new float[s.outputSize()];
        for (int i = 0; i < res.length; i++) res[i] = (i % 13) * 0.01f;
        ConvEpilogue e = switch (epi) {
            case "none" -> ConvEpilogue.none();
            case "residual" -> ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu();
            default -> ConvEpilogue.none().withBias(bias, 0).withRelu();
        };
        long end = System.nanoTime() + (long) (secs * 1e9);
        List<Double> times = new ArrayList<>();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) p.forward(b, in, 0, out, 0, e, par);
            times.add((System.nanoTime() - t0) / 20e6);
        }
        Collections.sort(times);
        System.out.printf("%s %s: median %.4f ms hash %d%n", s.describe(), alg, times.get(times.size() / 2), java.util.Arrays.hashCode(out));
    }
}
