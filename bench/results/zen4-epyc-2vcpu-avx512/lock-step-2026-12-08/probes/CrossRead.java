import java.util.*;
import java.util.concurrent.atomic.*;
/** Time for thread B to read S bytes that thread A (the other core) just wrote, vs that B itself just wrote. Args: KB... */
public final class CrossRead {
    static final AtomicInteger phase = new AtomicInteger();
    static volatile float sink;
    static float[] buf;
    static volatile int mode; // 0: A writes, B reads; 1: B writes, B reads
    static long[] times; static int idx;
    public static void main(String[] a) throws Exception {
        for (String arg : a) {
            int kb = Integer.parseInt(arg);
            buf = new float[kb * 256];
            int reps = 400;
            double[][] t = new double[2][reps];
            for (int m = 0; m < 2; m++) {
                mode = m;
                times = new long[reps + 50]; idx = 0; phase.set(0);
                Thread writer = new Thread(() -> {
                    for (int r = 0; r < reps + 50; r++) {
                        while (phase.get() != 2 * r) Thread.onSpinWait();
                        if (mode == 0) { float[] b = buf; for (int i = 0; i < b.length; i++) b[i] = r + i; }
                        phase.set(2 * r + 1);
                    }
                });
                Thread reader = new Thread(() -> {
                    for (int r = 0; r < reps + 50; r++) {
                        while (phase.get() != 2 * r + 1) Thread.onSpinWait();
                        float[] b = buf;
                        if (mode == 1) { for (int i = 0; i < b.length; i++) b[i] = r + i; }
                        long t0 = System.nanoTime();
                        float s = 0; for (int i = 0; i < b.length; i += 16) s += b[i];
                        times[r] = System.nanoTime() - t0; sink = s;
                        phase.set(2 * r + 2);
                    }
                });
                writer.start(); reader.start(); writer.join(); reader.join();
                for (int r = 0; r < reps; r++) t[m][r] = times[r + 50] / 1e3;
                Arrays.sort(t[m]);
            }
            System.out.printf("%6d KB: written by the other core %.1f us (%.1f GB/s), by itself %.1f us (%.1f GB/s)%n", kb,
                t[0][reps / 2], kb * 1024 / t[0][reps / 2] / 1e3, t[1][reps / 2], kb * 1024 / t[1][reps / 2] / 1e3);
        }
    }
}
