public final class TileAlone2 { public static void main(String[] x) {
  int kc = Integer.parseInt(x[0]); int lda = Integer.parseInt(x[1]);
  float[] a = new float[8 * lda + kc], bp = new float[kc * 64 + 16], t = new float[256];
  java.util.Arrays.fill(a, 0.5f); java.util.Arrays.fill(bp, 0.25f);
  for (int rep = 0; rep < 6; rep++) {
    long t0 = System.nanoTime(); int calls = 20000;
    for (int i = 0; i < calls; i++) { if (x.length > 2) { SmallN.tile8x2p(kc, a, 0, bp, 0, t); SmallN.tile8x2p(kc, a, 0, bp, kc * 32, t); } else { SmallN.tile8x2(kc, a, 0, lda, bp, 0, t); SmallN.tile8x2(kc, a, 0, lda, bp, kc * 32, t); } }
    long t1 = System.nanoTime();
    double fl = 2.0 * 8 * 64 * kc * calls;
    System.out.printf("8x2 rows %.0f GFLOP/s%n", fl / (t1 - t0));
  } } }
