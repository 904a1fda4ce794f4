import dev.resvec.kernels.*;
import java.lang.reflect.Field;
import java.util.*;
/** A prepared 3x3 conv (batch 1) with a static int field at value A or B, alternated in one JVM.
 *  Args: class.FIELD A B threads alg C,K,H[,res][,s2] ... */
public final class AltField {
    public static void main(String[] a) throws Exception {
        int dot = a[0].lastIndexOf('.');
        Field f = Class.forName(a[0].substring(0, dot)).getDeclaredField(a[0].substring(dot + 1)); f.setAccessible(true);
        int va = Integer.parseInt(a[1]), vb = Integer.parseInt(a[2]), t = Integer.parseInt(a[3]);
        ConvAlgorithm alg = ConvAlgorithm.valueOf(a[4]);
        Parallelism par = t == 1 ? Parallelism.singleThread() : Parallelism.threads(t);
        for (int si = 5; si < a.length; si++) {
            String[] fl = a[si].split(",");
            int c = Integer.parseInt(fl[0]), k = Integer.parseInt(fl[1]), h = Integer.parseInt(fl[2]);
            boolean res = a[si].contains("res"), s2 = a[si].contains("s2");
            ConvShape s = ConvShape.of(1, c, h, h, k, 3, s2 ? 2 : 1, 1);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[k], r = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < r.length; i++) r[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution p = Convolution.prepare(s, alg, w, 0);
            ConvEpilogue e = res ? ConvEpilogue.none().withBias(bias, 0).withResidual(r, 0).withRelu() : ConvEpilogue.none().withBias(bias, 0).withRelu();
            float[][] outs = new float[2][];
            for (int m = 0; m < 2; m++) { f.setInt(null, m == 0 ? va : vb); long end = System.nanoTime() + 1_500_000_000L; while (System.nanoTime() < end) p.forward(1, in, 0, out, 0, e, par); outs[m] = out.clone(); }
            StringBuilder sb = new StringBuilder(s.describe() + (res ? " +res" : "") + " T" + t + " " + va + "/" + vb + ":");
            double[] ratios = new double[7];
            for (int rr = 0; rr < 7; rr++) { double[] med = new double[2]; for (int mm = 0; mm < 2; mm++) {
                int m = rr % 2 == 0 ? mm : 1 - mm;
                f.setInt(null, m == 0 ? va : vb);
                List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 400_000_000L;
                while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.forward(1, in, 0, out, 0, e, par); ts.add((System.nanoTime() - t0) / 1e6); }
                Collections.sort(ts); med[m] = ts.get(ts.size() / 2);
            } sb.append(String.format(" %.3f/%.3f", med[0], med[1])); ratios[rr] = med[0] / med[1]; }
            Arrays.sort(ratios);
            System.out.println(sb + String.format("  B speedup median %.3f  same bits %b", ratios[3], Arrays.equals(outs[0], outs[1])));
        }
    }
}
