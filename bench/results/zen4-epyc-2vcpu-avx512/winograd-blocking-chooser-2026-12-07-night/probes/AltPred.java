import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.time.Duration;
import java.util.*;
/** Two Predictors of one model, built with a boolean system property off (A) and on (B), alternated in one JVM. Args: arch batch threads prop rounds */
public final class AltPred { public static void main(String[] a) throws Exception {
  ResNet net = ResNets.named(a[0], 1000); net.eval(); int batch = Integer.parseInt(a[1]); int t = Integer.parseInt(a[2]); String prop = a[3]; int rounds = Integer.parseInt(a[4]);
  PredictorOptions o = PredictorOptions.defaults().parallelism(Parallelism.threads(t));
  System.clearProperty(prop); Predictor pa = Predictor.of(net, o); System.setProperty(prop, "true"); Predictor pb = Predictor.of(net, o); System.clearProperty(prop);
  float[] in = new float[batch * 3 * 224 * 224]; Random r = new Random(3); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
  float[] out = new float[batch * pa.outputSize()]; pa.warmUp(in, batch, Duration.ofSeconds(10)); pb.warmUp(in, batch, Duration.ofSeconds(10));
  double[] ratio = new double[rounds]; StringBuilder sb = new StringBuilder(a[0] + " b" + batch + " T" + t + " " + prop + " off/on ms:");
  for (int k = 0; k < rounds; k++) { double[] m = new double[2];
    for (int q = 0; q < 2; q++) { int w = (k + q) % 2; Predictor p = w == 0 ? pa : pb; List<Double> ts = new ArrayList<>();
      long end = System.nanoTime() + 1_500_000_000L; while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.predictInto(in, 0, batch, out, 0); ts.add((System.nanoTime() - t0) / 1e6); }
      Collections.sort(ts); m[w] = ts.get(ts.size() / 2); }
    sb.append(String.format(" %.2f/%.2f", m[0], m[1])); ratio[k] = m[0] / m[1]; }
  Arrays.sort(ratio); System.out.println(sb + String.format("  on's speed-up min %.3f median %.3f max %.3f", ratio[0], ratio[rounds / 2], ratio[rounds - 1]));
} }
