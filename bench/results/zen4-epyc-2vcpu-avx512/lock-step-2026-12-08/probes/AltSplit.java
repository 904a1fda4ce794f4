import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.*;
/** One Predictor: whole images per thread (A, the default from batch >= threads) against every layer split (B,
 *  Predictor.layersSplitOnly), alternated in one JVM. Args: arch batch threads rounds */
public final class AltSplit { public static void main(String[] a) throws Exception {
  ResNet net = ResNets.named(a[0], 1000); net.eval(); int batch = Integer.parseInt(a[1]); int t = Integer.parseInt(a[2]); int rounds = Integer.parseInt(a[3]);
  Predictor pa = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(t)));
  Method m = Predictor.class.getDeclaredMethod("layersSplitOnly"); m.setAccessible(true); Predictor pb = (Predictor) m.invoke(pa);
  float[] in = new float[batch * 3 * 224 * 224]; Random r = new Random(3); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
  float[] out = new float[batch * pa.outputSize()]; pa.warmUp(in, batch, Duration.ofSeconds(10)); pb.warmUp(in, batch, Duration.ofSeconds(10));
  double[] ratio = new double[rounds]; StringBuilder sb = new StringBuilder(a[0] + " b" + batch + " T" + t + " images/layers ms:");
  for (int k = 0; k < rounds; k++) { double[] md = new double[2];
    for (int q = 0; q < 2; q++) { int w = (k + q) % 2; Predictor p = w == 0 ? pa : pb; List<Double> ts = new ArrayList<>();
      long end = System.nanoTime() + 2_000_000_000L; while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.predictInto(in, 0, batch, out, 0); ts.add((System.nanoTime() - t0) / 1e6); }
      Collections.sort(ts); md[w] = ts.get(ts.size() / 2); }
    sb.append(String.format(" %.1f/%.1f", md[0], md[1])); ratio[k] = md[0] / md[1]; }
  Arrays.sort(ratio); System.out.println(sb + String.format("  layers-split speed-up min %.3f median %.3f max %.3f", ratio[0], ratio[rounds / 2], ratio[rounds - 1]));
} }
