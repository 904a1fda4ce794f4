import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.time.Duration;
import java.util.*;
/** One predictor, rounds alternating a system property between two values (read per call by a patched build). Args: arch batch threads prop A B rounds */
public final class AltFlag {
    public static void main(String[] a) {
        String arch = a[0]; int batch = Integer.parseInt(a[1]), threads = Integer.parseInt(a[2]);
        String prop = a[3]; String[] v = {a[4], a[5]}; int rounds = Integer.parseInt(a[6]);
        ResNet net = ResNets.named(arch, 1000); net.eval();
        float[] img = new float[batch * 3 * 224 * 224];
        Random r = new Random(1); for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
        Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
        float[] out = new float[batch * p.outputSize()];
        float[][] res = new float[2][];
        for (int i = 0; i < 2; i++) { System.setProperty(prop, v[i]); p.warmUp(img, batch, Duration.ofSeconds(8)); p.predictInto(img, 0, batch, out, 0); res[i] = out.clone(); }
        boolean same = Arrays.equals(res[0], res[1]);
        List<Double> ratios = new ArrayList<>(); StringBuilder sb = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
            double[] med = new double[2];
            for (int i = 0; i < 2; i++) {
                System.setProperty(prop, v[i]);
                List<Double> ts = new ArrayList<>();
                long end = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.predictInto(img, 0, batch, out, 0); ts.add((System.nanoTime() - t0) / 1e6); }
                Collections.sort(ts); med[i] = ts.get(ts.size() / 2);
            }
            ratios.add(med[0] / med[1]); sb.append(String.format(" %.2f/%.2f", med[0], med[1]));
        }
        Collections.sort(ratios);
        System.out.printf("%s b%d %dT %s=%s vs %s (same bits: %s):%s  speedup of %s min/median/max %.3f/%.3f/%.3f%n", arch, batch, threads, prop, v[0], v[1], same, sb, v[1],
                ratios.get(0), ratios.get(ratios.size() / 2), ratios.get(ratios.size() - 1));
    }
}
