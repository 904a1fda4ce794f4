import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.lang.reflect.*;
import java.time.Duration;
import java.util.*;
public final class Choices { public static void main(String[] a) throws Exception {
  ResNet net = ResNets.named(a[0], 1000); net.eval(); int batch = Integer.parseInt(a[1]);
  Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(Integer.parseInt(a[2]))));
  float[] in = new float[batch * 3 * 224 * 224]; Random r = new Random(3); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
  float[] out = new float[batch * p.outputSize()]; p.warmUp(in, batch, Duration.ofSeconds(Integer.parseInt(a[3])));
  Class<?> c = Class.forName("dev.resvec.kernels.internal.conv.WinogradBlockChooser");
  Method sh = c.getDeclaredMethod("shared"); sh.setAccessible(true); Object ch = sh.invoke(null);
  Field f = c.getDeclaredField("states"); f.setAccessible(true); Map<?,?> m = (Map<?,?>) f.get(ch);
  for (Map.Entry<?,?> e : m.entrySet()) { Object st = e.getValue();
    Field nf = st.getClass().getDeclaredField("nanos"); nf.setAccessible(true); Object nanos = nf.get(st);
    Field ch2 = st.getClass().getDeclaredField("chosen"); ch2.setAccessible(true);
    System.out.println(e.getKey().toString().replaceAll("WinogradGeometry\\[|padTop.*variant=", "") + " -> " + ch2.get(st) + " " + nanos); }
} }
