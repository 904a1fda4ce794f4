import dev.resvec.kernels.*;
import java.util.*;
/** A prepared 3x3 conv with a system property (read per call) at value A or B ("-" = unset), alternated in one JVM. Args: C H algo threads batch prop A B [rounds] */
public final class AltConvProp {
    static void set(String p, String v) { if (v.equals("-")) System.clearProperty(p); else System.setProperty(p, v); }
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), h = Integer.parseInt(a[1]); ConvAlgorithm alg = ConvAlgorithm.valueOf(a[2]);
        Parallelism par = Parallelism.threads(Integer.parseInt(a[3])); int b = Integer.parseInt(a[4]);
        String prop = a[5], va = a[6], vb = a[7]; int rounds = a.length > 8 ? Integer.parseInt(a[8]) : 7;
        ConvShape s = ConvShape.of(b, c, h, h, c, 3, 1, 1);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()];
        for (int j = 0; j < in.length; j++) in[j] = rnd.nextFloat() - 0.5f;
        for (int j = 0; j < w.length; j++) w[j] = rnd.nextFloat() - 0.5f;
        PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
        ConvEpilogue e = ConvEpilogue.none();
        for (String v : new String[] {va, vb, va, vb}) { set(prop, v); long end = System.nanoTime() + 1_000_000_000L; while (System.nanoTime() < end) p.forward(b, in, 0, out, 0, e, par); }
        double[] ratio = new double[rounds]; StringBuilder sb = new StringBuilder(String.format("%d@%d b%d T%s %s=%s/%s ms:", c, h, b, a[3], prop, va, vb));
        for (int r = 0; r < rounds; r++) { double[] t = new double[2];
            for (int q = 0; q < 2; q++) { int m = (r + q) % 2; set(prop, m == 0 ? va : vb);
                for (int i = 0; i < 3; i++) p.forward(b, in, 0, out, 0, e, par);
                List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 700_000_000L;
                while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(b, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
                Collections.sort(ts); t[m] = ts.get(ts.size() / 2); }
            sb.append(String.format(" %.2f/%.2f", t[0], t[1])); ratio[r] = t[0] / t[1]; }
        Arrays.sort(ratio);
        System.out.println(sb + String.format("  A/B (B's speedup) min %.3f median %.3f max %.3f", ratio[0], ratio[rounds / 2], ratio[rounds - 1]));
    }
}
