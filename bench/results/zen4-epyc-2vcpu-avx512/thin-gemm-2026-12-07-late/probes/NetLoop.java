import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.time.Duration;
import java.util.*;
public final class NetLoop { public static void main(String[] a) throws Exception {
  ResNet net = ResNets.named(a[0], 1000); net.eval(); int batch = Integer.parseInt(a[1]);
  Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(Integer.parseInt(a[2]))));
  float[] in = new float[batch * 3 * 224 * 224]; Random r = new Random(3); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
  float[] out = new float[batch * p.outputSize()]; p.warmUp(in, batch, Duration.ofSeconds(8));
  long end = System.nanoTime() + Long.parseLong(a[3]) * 1_000_000_000L; int n = 0; while (System.nanoTime() < end) { p.predictInto(in, 0, batch, out, 0); n++; }
  System.out.println(n + " calls"); } }
