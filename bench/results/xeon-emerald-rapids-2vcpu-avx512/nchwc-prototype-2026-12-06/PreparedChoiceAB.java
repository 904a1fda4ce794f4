import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.Predictor;
import dev.resvec.nn.predict.PredictorOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.*;

/**
 * Two predictors of one model in one JVM, alternated in rounds of 2 s (14 rounds, the first 2 not counted): A with the
 * prepared-filter choices of `ConvHeuristics.prepared`, B with F(4×4) only from an F4MIN×F4MIN output and F(2×2) from
 * F2MIN×F2MIN (else im2col). Needs a build whose `ConvHeuristics.prepared` reads the two thresholds from the system
 * properties x.f4min and x.f2min (not in the library: a two-line local change).
 * Usage: PreparedChoiceAB ARCH BATCH THREADS [F4MIN [F2MIN]]
 */
public class PreparedChoiceAB {
  public static void main(String[] a) throws Exception {
    String arch = a[0]; int batch = Integer.parseInt(a[1]), threads = Integer.parseInt(a[2]);
    var m = ResNets.named(arch, 1000); m.eval();
    var opts = PredictorOptions.defaults().parallelism(Parallelism.threads(threads));
    Predictor pa = Predictor.of(m, opts);
    System.setProperty("x.f4min", a.length > 3 ? a[3] : "20"); System.setProperty("x.f2min", a.length > 4 ? a[4] : "8");
    Predictor pb = Predictor.of(m, opts);
    System.out.println("A: " + pa.describe().lines().filter(l -> l.contains("conv2") || l.contains("layer4.1.conv1") || l.contains("layer3.1.conv1")).map(l -> l.replaceAll(".* (\\S+_\\S+).*", "$1")).distinct().toList());
    System.out.println("B: " + pb.describe().lines().filter(l -> l.contains("conv2") || l.contains("layer4.1.conv1") || l.contains("layer3.1.conv1")).map(l -> l.replaceAll(".* (\\S+_\\S+).*", "$1")).distinct().toList());
    float[] in = new float[batch * 3 * 224 * 224]; Random r = new Random(1); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
    for (int i = 0; i < 20; i++) { pa.predict(in, batch); pb.predict(in, batch); }
    List<Double> ratio = new ArrayList<>(), ta = new ArrayList<>(), tb = new ArrayList<>();
    for (int round = 0; round < 14; round++) {
      double x = time(pa, in, batch), y = time(pb, in, batch);
      if (round >= 2) { ratio.add(x / y); ta.add(x); tb.add(y); }
    }
    Collections.sort(ratio); Collections.sort(ta); Collections.sort(tb);
    System.out.printf(Locale.ROOT, "%s b%d %dT: A %.2f ms, B %.2f ms, A÷B time per round min/median/max %.3f / %.3f / %.3f%n", arch, batch, threads,
        ta.get(ta.size()/2), tb.get(tb.size()/2), ratio.get(0), ratio.get(ratio.size()/2), ratio.get(ratio.size()-1));
  }
  static double time(Predictor p, float[] in, int batch) {
    List<Double> t = new ArrayList<>(); long end = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < end) { long s = System.nanoTime(); p.predict(in, batch); t.add((System.nanoTime() - s) / 1e6); }
    Collections.sort(t); return t.get(t.size() / 2);
  }
}
