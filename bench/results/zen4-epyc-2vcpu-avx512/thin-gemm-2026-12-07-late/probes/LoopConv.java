import dev.resvec.kernels.*;
import java.util.*;
/** ms per image of a prepared 3x3 conv: batch B vs batch 1. Args: C H algo threads seconds batches... */
public final class LoopConv {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), h = Integer.parseInt(a[1]); ConvAlgorithm alg = ConvAlgorithm.valueOf(a[2]);
        Parallelism par = Parallelism.threads(Integer.parseInt(a[3])); double secs = Double.parseDouble(a[4]);
        for (int rep = 0; rep < 2; rep++)
        for (int i = 5; i < a.length; i++) { int b = Integer.parseInt(a[i]);
            ConvShape s = ConvShape.of(b, c, h, h, c, 3, 1, 1);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()];
            for (int j = 0; j < in.length; j++) in[j] = rnd.nextFloat() - 0.5f;
            for (int j = 0; j < w.length; j++) w[j] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e = ConvEpilogue.none();
            long end = System.nanoTime() + (long) (secs * 1e9); while (System.nanoTime() < end) p.forward(b, in, 0, out, 0, e, par);
            List<Double> ts = new ArrayList<>(); for (int it = 0; it < 15; it++) { long t0 = System.nanoTime(); p.forward(b, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
            Collections.sort(ts); System.out.printf("%d@%d %s batch %d: %.3f ms/call, %.3f ms/image%n", c, h, alg, b, ts.get(7), ts.get(7) / b);
        }
    }
}
