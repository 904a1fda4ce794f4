import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;
/** ns per call at small sizes, peer layout (one array, 17*64-byte stagger): public add (with and without Parallelism) vs a bare 512-bit loop. */
public final class Add4k {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static void bare(int n, float[] a, int oa, float[] b, int ob, float[] o, int oo) { int i = 0; for (; i < S.loopBound(n); i += S.length()) FloatVector.fromArray(S, a, oa + i).add(FloatVector.fromArray(S, b, ob + i)).intoArray(o, oo + i); for (; i < n; i++) o[oo + i] = a[oa + i] + b[ob + i]; }
    static double med(Runnable r) { for (int w = 0; w < 200000; w++) r.run(); List<Double> ts = new ArrayList<>(); for (int it = 0; it < 101; it++) { long t0 = System.nanoTime(); for (int i = 0; i < 2000; i++) r.run(); ts.add((System.nanoTime() - t0) / 2000.0); } Collections.sort(ts); return ts.get(50); }
    public static void main(String[] args) {
        Parallelism p1 = Parallelism.threads(1);
        for (String s : args) { int n = Integer.parseInt(s) / 4, gap = 17 * 16;
            float[] all = new float[3 * n + 2 * gap]; Arrays.fill(all, 1f);
            int oa = 0, ob = n + gap, oo = 2 * (n + gap);
            for (int rep = 0; rep < 2; rep++) {
                double pub = med(() -> Elementwise.add(n, all, oa, all, ob, all, oo)), pubP = med(() -> Elementwise.add(n, all, oa, all, ob, all, oo, p1)), b = med(() -> bare(n, all, oa, all, ob, all, oo));
                double pubI = med(() -> Elementwise.add(n, all, oa, all, ob, all, oa)), pubPI = med(() -> Elementwise.add(n, all, oa, all, ob, all, oa, p1)), bI = med(() -> bare(n, all, oa, all, ob, all, oa));
                System.out.printf("%6d B oop: public %.1f, public(par) %.1f, bare %.1f ns | inplace: %.1f, %.1f, %.1f ns%n", n * 4, pub, pubP, b, pubI, pubPI, bI);
            } }
    }
}
