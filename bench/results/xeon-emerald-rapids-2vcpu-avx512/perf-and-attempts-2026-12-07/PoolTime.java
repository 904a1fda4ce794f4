import dev.resvec.kernels.*;
import java.util.*;

public final class PoolTime {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), hw = Integer.parseInt(a[1]);
        PoolShape s = new PoolShape(1, c, hw, hw, 3, 3, 2, 2, 1, 1);
        Random r = new Random(3);
        float[] in = new float[s.inputSize()];
        for (int i = 0; i < in.length; i++) in[i] = r.nextInt(50) == 0 ? (r.nextBoolean() ? -0f : 0f) : r.nextFloat() - 0.5f;
        float[] out = new float[s.outputSize()];
        double best = 1e99; List<Double> meds = new ArrayList<>();
        for (int round = 0; round < 15; round++) {
            long t0 = System.nanoTime(); int calls = 0;
            while (System.nanoTime() - t0 < 200_000_000L) { Pooling.maxForward(s, in, 0, out, 0, null, 0); calls++; }
            if (round >= 5) meds.add((System.nanoTime() - t0) / 1e6 / calls);
        }
        Collections.sort(meds);
        System.out.printf("%s: median %.4f ms, min %.4f, hash %d%n", s.describe(), meds.get(meds.size() / 2), meds.get(0), Arrays.hashCode(out));
    }
}
