import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.time.Duration;
import java.util.*;
/** Two predictors of one model, prepared with -Df4min=A and =B, alternated in one JVM. Args: arch batch threads A B rounds */
public final class AltPredictors {
    public static void main(String[] a) {
        String arch = a[0]; int batch = Integer.parseInt(a[1]), threads = Integer.parseInt(a[2]);
        int rounds = Integer.parseInt(a[5]);
        ResNet net = ResNets.named(arch, 1000); net.eval();
        float[] img = new float[batch * 3 * 224 * 224];
        Random r = new Random(1); for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
        Predictor[] p = new Predictor[2];
        for (int i = 0; i < 2; i++) {
            System.setProperty("f4min", a[3 + i]);
            p[i] = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
            p[i].warmUp(img, batch, Duration.ofSeconds(10));
        }
        float[] out = new float[batch * p[0].outputSize()];
        p[0].predictInto(img, 0, batch, out, 0); float[] ref = out.clone();
        p[1].predictInto(img, 0, batch, out, 0);
        double maxDiff = 0; for (int i = 0; i < out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i] - ref[i]));
        List<Double> ratios = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
            double[] med = new double[2];
            for (int i = 0; i < 2; i++) {
                List<Double> ts = new ArrayList<>();
                long end = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < end) { long t0 = System.nanoTime(); p[i].predictInto(img, 0, batch, out, 0); ts.add((System.nanoTime() - t0) / 1e6); }
                Collections.sort(ts); med[i] = ts.get(ts.size() / 2);
            }
            ratios.add(med[0] / med[1]);
            sb.append(String.format(" %.2f/%.2f", med[0], med[1]));
        }
        Collections.sort(ratios);
        System.out.printf("%s b%d %dT f4min %s vs %s (max |diff| %.2e):%s  speedup of B min/median/max %.3f/%.3f/%.3f%n", arch, batch, threads, a[3], a[4], maxDiff, sb,
                ratios.get(0), ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1));
    }
}
