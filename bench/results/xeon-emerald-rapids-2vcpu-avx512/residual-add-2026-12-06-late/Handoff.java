import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelRunner;
import java.util.function.IntConsumer;

public class Handoff {
    static final class Slot { volatile IntConsumer job; volatile int seq; volatile int done; }
    static final Slot slot = new Slot();
    public static void main(String[] args) {
        Parallelism p2 = Parallelism.threads(2);
        int n = 8192; // 32 KiB per operand
        float[] all = new float[3 * n + 2 * 272];
        int offB = n + 272;
        int half = n / 2;
        final Thread mainT = Thread.currentThread(); final long[] byWorker = new long[64];
        IntConsumer add = s -> { Elementwise.add(half, all, s * half, all, offB + s * half, all, s * half); if (Thread.currentThread() != mainT) byWorker[32]++; };
        IntConsumer empty = s -> { };
        final IntConsumer addRef = add; IntConsumer[] wrappers = { k -> addRef.accept(k), k -> addRef.accept(k) };
        Thread w = new Thread(() -> {
            int seen = 0;
            while (true) {
                int s;
                while ((s = slot.seq) == seen) Thread.onSpinWait();
                seen = s;
                slot.job.accept(1);
                slot.done = s;
            }
        });
        w.setDaemon(true);
        boolean raw = args.length > 0;
        if (raw) w.start();
        for (int round = 0; round < 4; round++) {
            int calls = 500_000;
            long t0 = System.nanoTime();
            if (!raw) for (int c = 0; c < calls; c++) ParallelRunner.run(2, p2, empty);
            long t1 = System.nanoTime();
            if (!raw) for (int c = 0; c < calls; c++) ParallelRunner.run(2, p2, add);
            long t2 = System.nanoTime();
            if (raw) for (int c = 1; c <= calls; c++) {
                slot.job = empty; int s = slot.seq + 1; slot.seq = s; empty.accept(0);
                while (slot.done != s) Thread.onSpinWait();
            }
            long t3 = System.nanoTime();
            if (raw) for (int c = 1; c <= calls; c++) {
                slot.job = wrappers[c & 1]; int s = slot.seq + 1; slot.seq = s; add.accept(0);
                while (slot.done != s) Thread.onSpinWait();
            }
            long t4 = System.nanoTime();
            for (int c = 0; c < calls; c++) { add.accept(0); add.accept(1); }
            long t5 = System.nanoTime();
            System.out.println("worker ran " + byWorker[32]); byWorker[32] = 0;
            System.out.printf("runner empty %.0f, runner add32K %.0f, raw empty %.0f, raw add32K %.0f, serial add32K %.0f ns%n",
                (t1-t0)/(double)calls, (t2-t1)/(double)calls, (t3-t2)/(double)calls, (t4-t3)/(double)calls, (t5-t4)/(double)calls);
        }
    }
}
