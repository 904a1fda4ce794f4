public final class TileAlone { public static void main(String[] x) {
  int kc = Integer.parseInt(x[0]); int lda = Integer.parseInt(x[1]);
  float[] a = new float[6 * lda + kc], ap = new float[6 * kc], bp = new float[kc * 64 + 16], c = new float[6 * 64];
  java.util.Arrays.fill(a, 0.5f); java.util.Arrays.fill(ap, 0.5f); java.util.Arrays.fill(bp, 0.25f);
  for (int rep = 0; rep < 6; rep++) {
    long t0 = System.nanoTime(); int calls = 20000;
    for (int i = 0; i < calls; i++) SmallN.tile6(kc, a, 0, lda, bp, c, 0, 64, 64, false);
    long t1 = System.nanoTime();
    for (int i = 0; i < calls; i++) SmallN.tile6p(kc, ap, bp, c, 0, 64, 64, false);
    long t2 = System.nanoTime();
    double fl = 2.0 * 6 * 64 * kc * calls;
    System.out.printf("rows %.0f GFLOP/s  packed %.0f GFLOP/s%n", fl / (t1 - t0), fl / (t2 - t1));
  } } }
