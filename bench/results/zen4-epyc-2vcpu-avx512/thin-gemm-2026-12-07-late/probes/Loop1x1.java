import dev.resvec.kernels.*;
import java.util.*;
public final class Loop1x1 {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]); double secs = Double.parseDouble(a[3]);
        ConvShape s = ConvShape.of(1, c, h, h, k, 1, 1, 0);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, w, 0);
        ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withRelu();
        Parallelism par = Parallelism.singleThread();
        long end = System.nanoTime() + (long) (secs * 1e9); int n = 0; long t0 = System.nanoTime();
        while (System.nanoTime() < end) { p.forward(1, in, 0, out, 0, e, par); n++; }
        System.out.printf("%.3f ms/call%n", (System.nanoTime() - t0) / 1e6 / n);
    }
}
