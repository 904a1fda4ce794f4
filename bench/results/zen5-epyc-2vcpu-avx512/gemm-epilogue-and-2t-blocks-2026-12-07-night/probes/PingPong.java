import java.lang.invoke.*;
import java.util.*;
/**
 * Round trips between two threads on this machine, outside the library: (1) one line each way (the caller writes a
 * sequence number, the worker answers in another line), (2) the library's shape: the caller CASes a mailbox the worker
 * cleared, the worker reads a separate job object the caller rewrote, claims a share on its counter, counts it done.
 */
public final class PingPong {
    static final class Line { volatile long v; long p1, p2, p3, p4, p5, p6, p7; }
    static final class Job { volatile int next; volatile int done; int shares; long pad1, pad2, pad3, pad4, pad5, pad6; }
    static final class Box { volatile Object mailbox; volatile boolean busy; long q1, q2, q3, q4, q5, q6, q7; }
    static final VarHandle MAILBOX, NEXT, DONE;
    static {
        try {
            MAILBOX = MethodHandles.lookup().findVarHandle(Box.class, "mailbox", Object.class);
            NEXT = MethodHandles.lookup().findVarHandle(Job.class, "next", int.class);
            DONE = MethodHandles.lookup().findVarHandle(Job.class, "done", int.class);
        } catch (ReflectiveOperationException e) { throw new Error(e); }
    }
    public static void main(String[] a) throws Exception {
        int rounds = 2_000_000;
        // (1) two lines
        Line ping = new Line(), pong = new Line();
        Thread w1 = new Thread(() -> { long seen = 0; while (seen < rounds) { long s; while ((s = ping.v) == seen) Thread.onSpinWait(); seen = s; pong.v = s; } });
        w1.setDaemon(true); w1.start();
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            int n = rounds / 4;
            long base = ping.v;
            for (int i = 1; i <= n; i++) { ping.v = base + i; while (pong.v != base + i) Thread.onSpinWait(); }
            System.out.printf("two lines: %.0f ns a round trip%n", (System.nanoTime() - t0) / (double) n);
        }
        // (2) mailbox + job + counters
        Box box = new Box(); Job[] holder = {new Job()};
        Thread w2 = new Thread(() -> {
            while (true) {
                Object t = box.mailbox;
                if (t == null) { Thread.onSpinWait(); continue; }
                box.mailbox = null; box.busy = true;
                Job j = (Job) t;
                int i;
                while ((i = (int) NEXT.getAndAdd(j, 1)) < j.shares) { DONE.getAndAdd(j, 1); }
                box.busy = false;
            }
        });
        w2.setDaemon(true); w2.start();
        Job job = holder[0];
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            int n = rounds / 4;
            for (int i = 0; i < n; i++) {
                job.shares = 2; NEXT.set(job, 1); DONE.set(job, 0);
                while (box.busy || !MAILBOX.compareAndSet(box, null, job)) Thread.onSpinWait();
                // the caller's share 0: nothing; then wait for the helper's share 1
                while (job.done != 1) Thread.onSpinWait();
            }
            System.out.printf("mailbox + job + counters: %.0f ns a round trip%n", (System.nanoTime() - t0) / (double) n);
        }
    }
}
