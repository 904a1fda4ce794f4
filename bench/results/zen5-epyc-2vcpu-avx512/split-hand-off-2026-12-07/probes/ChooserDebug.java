import dev.resvec.kernels.*;
import java.lang.reflect.*;
public final class ChooserDebug {
    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]); int n = bytes / 4, gap = 272;
        float[] buf = new float[3 * n + 2 * gap];
        Class<?> c = Class.forName("dev.resvec.kernels.SplitChooser");
        Method m = c.getDeclaredMethod("forThisThread"); m.setAccessible(true);
        Field fs = c.getDeclaredField("splitNanos"), fw = c.getDeclaredField("wholeNanos"); fs.setAccessible(true); fw.setAccessible(true);
        Parallelism p = Parallelism.threads(2);
        int size = 31 - Integer.numberOfLeadingZeros(n);
        for (int round = 0; round < 14; round++) {
            long t0 = System.nanoTime(); long calls = 0;
            while (System.nanoTime() - t0 < 50_000_000L) { Elementwise.add(n, buf, 0, buf, n + gap, buf, 0, p); calls++; }
            Object ch = m.invoke(null);
            double s = ((double[]) fs.get(ch))[2 * size + 1] * n, w = ((double[]) fw.get(ch))[2 * size + 1] * n;
            System.out.printf("round %d: %.0f ns/call; estimates split %.0f ns, whole %.0f ns%n", round, 5e7 / calls, s, w);
        }
    }
}
