import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.*;
/**
 * A Predictor with one setting at value A or B, alternated in one JVM (rounds of 1.5 s a side, order swapped every
 * round). The setting is a static field of a patched build (boolean, int or long: field:CLASS.NAME) or a system
 * property read per call (prop:NAME; A "-" clears it).
 * Args: arch batch threads field:CLASS.NAME|prop:NAME A B [rounds]
 */
public final class AltNet {
    public static void main(String[] a) throws Exception {
        String arch = a[0]; int batch = Integer.parseInt(a[1]), threads = Integer.parseInt(a[2]);
        String target = a[3], va = a[4], vb = a[5];
        int rounds = a.length > 6 ? Integer.parseInt(a[6]) : 7;
        Field field = null;
        if (target.startsWith("field:")) {
            String name = target.substring(6); int dot = name.lastIndexOf('.');
            field = Class.forName(name.substring(0, dot)).getDeclaredField(name.substring(dot + 1)); field.setAccessible(true);
        }
        ResNet net = ResNets.named(arch, 1000); net.eval();
        Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
        int side = arch.contains("cifar") ? 32 : 224;
        float[] in = new float[batch * 3 * side * side]; Random r = new Random(3); for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
        float[] out = new float[batch * p.outputSize()];
        for (int m = 0; m < 2; m++) { set(field, target, m == 0 ? va : vb); p.warmUp(in, batch, Duration.ofSeconds(8)); }
        StringBuilder sb = new StringBuilder(arch + " b" + batch + " T" + threads + " " + va + "/" + vb + ":");
        double[] ratios = new double[rounds];
        for (int rr = 0; rr < rounds; rr++) { double[] med = new double[2]; for (int mm = 0; mm < 2; mm++) {
            int m = rr % 2 == 0 ? mm : 1 - mm;
            set(field, target, m == 0 ? va : vb);
            List<Double> ts = new ArrayList<>(); long end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) { long t0 = System.nanoTime(); p.predictInto(in, 0, batch, out, 0); ts.add((System.nanoTime() - t0) / 1e6); }
            Collections.sort(ts); med[m] = ts.get(ts.size() / 2);
        } sb.append(String.format(" %.2f/%.2f", med[0], med[1])); ratios[rr] = med[0] / med[1]; }
        Arrays.sort(ratios);
        System.out.println(sb + String.format("  B speedup min/median/max %.3f/%.3f/%.3f", ratios[0], ratios[rounds / 2], ratios[rounds - 1]));
        set(field, target, va);
    }

    private static void set(Field f, String target, String v) throws Exception {
        if (f == null) {
            String prop = target.substring(5);
            if (v.equals("-")) System.clearProperty(prop); else System.setProperty(prop, v);
        } else if (f.getType() == boolean.class) {
            f.setBoolean(null, Boolean.parseBoolean(v));
        } else if (f.getType() == int.class) {
            f.setInt(null, Integer.parseInt(v));
        } else {
            f.setLong(null, Long.parseLong(v));
        }
    }
}
