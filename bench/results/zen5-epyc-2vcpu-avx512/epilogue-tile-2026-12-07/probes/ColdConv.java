import dev.resvec.kernels.*;
import java.util.*;
/** Prepared 3×3 stride-1 conv, batch 1, bias+ReLU, each timed call after a 64 MB sweep (filters cold, as in a network).
 * Args: C H threads rounds callsPerRound ALG... ; prints per-round medians and the median of each alg. */
public final class ColdConv {
    static float[] sweep = new float[16 << 20];
    static float sink;
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), h = Integer.parseInt(a[1]), t = Integer.parseInt(a[2]);
        int rounds = Integer.parseInt(a[3]), calls = Integer.parseInt(a[4]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        ConvShape s = ConvShape.of(1, c, h, h, c, 3, 1, 1);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[c];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withRelu();
        int n = a.length - 5;
        PreparedConvolution[] p = new PreparedConvolution[n];
        for (int i = 0; i < n; i++) p[i] = Convolution.prepare(s, ConvAlgorithm.valueOf(a[5 + i]), w, 0);
        List<List<Double>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(new ArrayList<>());
        for (int r = -2; r < rounds; r++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                List<Double> ts = new ArrayList<>();
                for (int k = 0; k < calls; k++) {
                    for (int j = 0; j < sweep.length; j += 16) sweep[j] += 1f;
                    System.arraycopy(in, 0, in, 0, in.length); // input warm, as the previous layer's output
                    long t0 = System.nanoTime();
                    p[i].forward(1, in, 0, out, 0, e, par);
                    ts.add((System.nanoTime() - t0) / 1e6);
                }
                Collections.sort(ts);
                double med = ts.get(ts.size() / 2);
                if (r >= 0) all.get(i).add(med);
                sb.append(String.format(" %s %.3f", a[5 + i], med));
            }
            if (r >= 0) System.out.println("round " + r + ":" + sb);
        }
        StringBuilder sb = new StringBuilder(s.describe() + " T" + t + " cold, median of round medians:");
        for (int i = 0; i < n; i++) { List<Double> l = all.get(i); Collections.sort(l); sb.append(String.format(" %s %.3f", a[5 + i], l.get(l.size() / 2))); }
        System.out.println(sb);
    }
}
