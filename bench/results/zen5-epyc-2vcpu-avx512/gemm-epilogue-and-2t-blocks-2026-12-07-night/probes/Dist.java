import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.time.Duration;
import java.util.*;
public final class Dist {
    public static void main(String[] a) throws Exception {
        String arch = a[0]; int batch = Integer.parseInt(a[1]), threads = Integer.parseInt(a[2]);
        ResNet net = ResNets.named(arch, 1000); net.eval();
        Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
        float[] in = new float[batch * 3 * 224 * 224]; Random r = new Random(3); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
        float[] out = new float[batch * p.outputSize()];
        p.warmUp(in, batch, Duration.ofSeconds(10));
        for (int rep = 0; rep < 3; rep++) {
            List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 4_000_000_000L;
            while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.predictInto(in, 0, batch, out, 0); ts.add((System.nanoTime() - t0) / 1e6); }
            double mean = ts.stream().mapToDouble(x -> x).average().orElse(0);
            Collections.sort(ts); int n = ts.size();
            System.out.printf("%s b%d T%d: n=%d min %.2f p10 %.2f median %.2f mean %.2f p90 %.2f max %.2f%n", arch, batch, threads, n, ts.get(0), ts.get(n / 10), ts.get(n / 2), mean, ts.get(n * 9 / 10), ts.get(n - 1));
        }
    }
}
