import dev.resvec.kernels.*;
import java.util.*;
public final class FgLoop {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), h = Integer.parseInt(a[1]), b = Integer.parseInt(a[2]), t = Integer.parseInt(a[3]);
        double secs = Double.parseDouble(a[4]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        ConvShape s = ConvShape.of(b, c, h, h, c, 3, 1, 1);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], g = new float[s.outputSize()], gw = new float[s.filterSize()];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < g.length; i++) g[i] = rnd.nextFloat() - 0.5f;
        long end = System.nanoTime() + (long) (secs * 1e9);
        List<Double> times = new ArrayList<>();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) Convolution.backwardFilter(s, ConvAlgorithm.WINOGRAD_F4X4_3X3, in, 0, g, 0, gw, 0, null, 0, par);
            times.add((System.nanoTime() - t0) / 20e6);
        }
        Collections.sort(times);
        System.out.printf("%s: median %.4f ms%n", s.describe(), times.get(times.size() / 2));
    }
}
