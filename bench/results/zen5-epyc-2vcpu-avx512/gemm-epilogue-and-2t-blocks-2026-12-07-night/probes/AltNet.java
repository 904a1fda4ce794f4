import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.*;
/** A Predictor with a static boolean flag off/on, alternated in one JVM. Args: arch batch threads class.FIELD [rounds] */
public final class AltNet {
    public static void main(String[] a) throws Exception {
        String arch = a[0]; int batch = Integer.parseInt(a[1]), threads = Integer.parseInt(a[2]);
        int dot = a[3].lastIndexOf('.');
        Field f = Class.forName(a[3].substring(0, dot)).getDeclaredField(a[3].substring(dot + 1)); f.setAccessible(true);
        int rounds = a.length > 4 ? Integer.parseInt(a[4]) : 7;
        ResNet net = ResNets.named(arch, 1000); net.eval();
        Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
        int side = arch.contains("cifar") ? 32 : 224;
        float[] in = new float[batch * 3 * side * side]; Random r = new Random(3); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
        float[] out = new float[batch * p.outputSize()];
        for (int m = 0; m < 2; m++) { f.setBoolean(null, m == 1); p.warmUp(in, batch, Duration.ofSeconds(8)); }
        StringBuilder sb = new StringBuilder(arch + " b" + batch + " T" + threads + " off/on:");
        double[] ratios = new double[rounds];
        for (int rr = 0; rr < rounds; rr++) { double[] med = new double[2]; for (int mm = 0; mm < 2; mm++) {
            int m = (rr % 2 == 0) ? mm : 1 - mm;
            f.setBoolean(null, m == 1);
            List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.predictInto(in, 0, batch, out, 0); ts.add((System.nanoTime() - t0) / 1e6); }
            Collections.sort(ts); med[m] = ts.get(ts.size() / 2);
        } sb.append(String.format(" %.2f/%.2f", med[0], med[1])); ratios[rr] = med[0] / med[1]; }
        Arrays.sort(ratios);
        System.out.println(sb + String.format("  on speedup min/median/max %.3f/%.3f/%.3f", ratios[0], ratios[rounds / 2], ratios[rounds - 1]));
        f.setBoolean(null, true);
    }
}
