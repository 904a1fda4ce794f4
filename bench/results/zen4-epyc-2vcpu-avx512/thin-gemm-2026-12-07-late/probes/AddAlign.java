import jdk.incubator.vector.*;
import java.util.*;
/** In-place add a += b on one big array (a at 0, b at n + gap floats) with 256- and 512-bit vectors, by b's offset from a mod 16 floats. */
public final class AddAlign {
    static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256, S512 = FloatVector.SPECIES_512;
    static void add256(float[] x, int oa, int ob, int n) { int i = 0; for (; i < S256.loopBound(n); i += 8) FloatVector.fromArray(S256, x, oa + i).add(FloatVector.fromArray(S256, x, ob + i)).intoArray(x, oa + i); for (; i < n; i++) x[oa + i] += x[ob + i]; }
    static void add512(float[] x, int oa, int ob, int n) { int i = 0; for (; i < S512.loopBound(n); i += 16) FloatVector.fromArray(S512, x, oa + i).add(FloatVector.fromArray(S512, x, ob + i)).intoArray(x, oa + i); for (; i < n; i++) x[oa + i] += x[ob + i]; }
    static void add256u(float[] x, int oa, int ob, int n) { int i = 0; for (; i + 32 <= n; i += 32) {
        FloatVector a0 = FloatVector.fromArray(S256, x, oa + i), a1 = FloatVector.fromArray(S256, x, oa + i + 8), a2 = FloatVector.fromArray(S256, x, oa + i + 16), a3 = FloatVector.fromArray(S256, x, oa + i + 24);
        FloatVector b0 = FloatVector.fromArray(S256, x, ob + i), b1 = FloatVector.fromArray(S256, x, ob + i + 8), b2 = FloatVector.fromArray(S256, x, ob + i + 16), b3 = FloatVector.fromArray(S256, x, ob + i + 24);
        a0.add(b0).intoArray(x, oa + i); a1.add(b1).intoArray(x, oa + i + 8); a2.add(b2).intoArray(x, oa + i + 16); a3.add(b3).intoArray(x, oa + i + 24); }
        for (; i < n; i++) x[oa + i] += x[ob + i]; }
    static void add512u(float[] x, int oa, int ob, int n) { int i = 0; for (; i + 64 <= n; i += 64) {
        FloatVector a0 = FloatVector.fromArray(S512, x, oa + i), a1 = FloatVector.fromArray(S512, x, oa + i + 16), a2 = FloatVector.fromArray(S512, x, oa + i + 32), a3 = FloatVector.fromArray(S512, x, oa + i + 48);
        FloatVector b0 = FloatVector.fromArray(S512, x, ob + i), b1 = FloatVector.fromArray(S512, x, ob + i + 16), b2 = FloatVector.fromArray(S512, x, ob + i + 32), b3 = FloatVector.fromArray(S512, x, ob + i + 48);
        a0.add(b0).intoArray(x, oa + i); a1.add(b1).intoArray(x, oa + i + 16); a2.add(b2).intoArray(x, oa + i + 32); a3.add(b3).intoArray(x, oa + i + 48); }
        for (; i < n; i++) x[oa + i] += x[ob + i]; }
    static double med(Runnable r) { for (int w = 0; w < 20000; w++) r.run(); List<Double> ts = new ArrayList<>(); for (int it = 0; it < 51; it++) { long t0 = System.nanoTime(); for (int i = 0; i < 200; i++) r.run(); ts.add((System.nanoTime() - t0) / 200.0); } Collections.sort(ts); return ts.get(25); }
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]) / 4;
        float[] x = new float[2 * n + 256];
        Arrays.fill(x, 1f);
        for (int rep = 0; rep < 2; rep++)
        for (int sa : new int[] {0, 4}) for (int sb : new int[] {0, 8}) {
            int oa = sa, ob = n + 64 + sb;
            double t256 = med(() -> add256(x, oa, ob, n)), t512 = med(() -> add512(x, oa, ob, n));
            double u256 = med(() -> add256u(x, oa, ob, n)), u512 = med(() -> add512u(x, oa, ob, n));
            System.out.printf("n=%d a+%d b+%d: 256-bit %.0f ns, 512-bit %.0f ns, unrolled 256 %.0f, 512 %.0f%n", n * 4, sa, sb, t256, t512, u256, u512);
        }
    }
}
