import dev.resvec.kernels.*;
import java.util.*;
public class Cold {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), hw = Integer.parseInt(a[1]);
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[2]);
        Parallelism p1 = Parallelism.threads(1);
        ConvShape s = ConvShape.of(1, c, hw, hw, c, 3, 1, 1);
        Random r = new Random(1);
        float[] x = new float[(int) s.inputSize()], w = new float[(int) s.filterSize()], y = new float[(int) s.outputSize()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
        for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
        List<PreparedConvolution> copies = new ArrayList<>();
        copies.add(Convolution.prepare(s, alg, w, 0));
        int[] footprints = {0, 40, 80, 120, 160, 200, 280, 400};
        double perCopy = 0;
        { // estimate bytes of one prepared copy via memory
            Runtime rt = Runtime.getRuntime(); System.gc(); long m0 = rt.totalMemory() - rt.freeMemory();
            List<PreparedConvolution> tmp = new ArrayList<>(); for (int i = 0; i < 4; i++) tmp.add(Convolution.prepare(s, alg, w, 0));
            System.gc(); long m1 = rt.totalMemory() - rt.freeMemory(); perCopy = (m1 - m0) / 4.0 / 1048576; tmp.clear();
        }
        System.out.printf("%s %d@%d: about %.1f MiB per prepared copy%n", alg, c, hw, perCopy);
        int maxCopies = (int) Math.ceil(400 / perCopy);
        while (copies.size() < maxCopies) copies.add(Convolution.prepare(s, alg, w, 0));
        for (int round = 0; round < 2; round++) {
            StringBuilder sb = new StringBuilder();
            for (int f : footprints) {
                int n = Math.max(1, (int) Math.round(f / perCopy));
                long t0 = System.nanoTime(); int calls = 0;
                while (System.nanoTime() - t0 < 1_000_000_000L) { copies.get(calls % n).forward(1, x, 0, y, 0, ConvEpilogue.none(), p1); calls++; }
                sb.append(String.format("  %dMiB:%.3f", f, (System.nanoTime() - t0) / 1e6 / calls));
            }
            System.out.println("ms per call by filter footprint cycled:" + sb);
        }
    }
}
