import dev.resvec.kernels.*;
import java.lang.reflect.Field;
import java.util.*;
/** Parallel add on the pool, 2 threads, SplitChooser.ALT_BALANCE off/on alternated. Args: bytes... */
public final class AltAdd {
    public static void main(String[] args) throws Exception {
        Field f = Class.forName("dev.resvec.kernels.SplitChooser").getDeclaredField("ALT_BALANCE"); f.setAccessible(true);
        Parallelism par = Parallelism.threads(2);
        for (String s : args) for (boolean inPlace : new boolean[] {true, false}) {
            int n = Integer.parseInt(s) / 4;
            float[] a = new float[n], b = new float[n], o = new float[n];
            Arrays.fill(a, 1f); Arrays.fill(b, 2f);
            float[] out = inPlace ? a : o;
            for (int m = 0; m < 2; m++) { f.setBoolean(null, m == 1); long end = System.nanoTime() + 1_000_000_000L; while (System.nanoTime() < end) Elementwise.add(n, a, 0, b, 0, out, 0, par); }
            StringBuilder sb = new StringBuilder(String.format("%7d B %s GB/s off/on:", Integer.parseInt(s), inPlace ? "inplace" : "oop    "));
            double[] ratios = new double[7];
            for (int r = 0; r < 7; r++) { double[] med = new double[2]; for (int q = 0; q < 2; q++) {
                int m = r % 2 == 0 ? q : 1 - q; f.setBoolean(null, m == 1);
                long end = System.nanoTime() + 300_000_000L; while (System.nanoTime() < end) Elementwise.add(n, a, 0, b, 0, out, 0, par);
                List<Double> ts = new ArrayList<>();
                for (int it = 0; it < 100; it++) { long t0 = System.nanoTime(); for (int i = 0; i < 100; i++) Elementwise.add(n, a, 0, b, 0, out, 0, par); ts.add((System.nanoTime() - t0) / 100.0); }
                Collections.sort(ts); med[m] = ts.get(50);
            } sb.append(String.format(" %.0f/%.0f", 12.0 * n / med[0], 12.0 * n / med[1])); ratios[r] = med[0] / med[1]; }
            Arrays.sort(ratios);
            var fm = Class.forName("dev.resvec.kernels.SplitChooser").getDeclaredMethod("forThisThread"); fm.setAccessible(true);
            Object ch = fm.invoke(null); var cp = ch.getClass().getDeclaredField("callerPart"); cp.setAccessible(true);
            var sp = ch.getClass().getDeclaredField("splitNanos"); sp.setAccessible(true); var wh = ch.getClass().getDeclaredField("wholeNanos"); wh.setAccessible(true);
            int c = 2 * (31 - Integer.numberOfLeadingZeros(n)) + (inPlace ? 1 : 0);
            System.out.println(sb + String.format("  on speedup median %.3f  part %d/256  split %.4f whole %.4f ns/el", ratios[3], ((int[]) cp.get(ch))[c], ((double[]) sp.get(ch))[c], ((double[]) wh.get(ch))[c]));
        }
        f.setBoolean(null, true);
    }
}
