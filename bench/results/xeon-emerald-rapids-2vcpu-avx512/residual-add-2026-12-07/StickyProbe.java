import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelJob;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * The time of a two-share ParallelRunner call whose share 0 spins for {@code args[0]} ns and whose share 1 is empty
 * (0: the protocol alone), and how often the helper ran share 1. Used to compare the kept runner with the
 * "worker waits on the job" experiment (README §4), which was measured with the same loop and not committed.
 * Run with {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar:. StickyProbe 0}.
 */
public class StickyProbe {
  static final class J extends ParallelJob {
    volatile Thread r1; long spin;
    protected void runShare(int i) {
      if (i == 0) { long s = System.nanoTime(); while (System.nanoTime() - s < spin) Thread.onSpinWait(); }
      else r1 = Thread.currentThread();
    }
  }
  public static void main(String[] x) {
    J j = new J(); j.spin = Long.parseLong(x[0]);
    Parallelism p2 = Parallelism.threads(2);
    Thread me = Thread.currentThread();
    for (int rep = 0; rep < 5; rep++) {
      int helped = 0, calls = 200000; long t0 = System.nanoTime();
      for (int c = 0; c < calls; c++) {
        while (!j.isFree()) Thread.onSpinWait();
        ParallelRunner.run(2, p2, j);
        if (j.r1 != me) helped++;
      }
      long t1 = System.nanoTime();
      System.out.printf("%.0f ns/call, helper ran share 1 in %d of %d%n", (t1 - t0) / (double) calls, helped, calls);
    }
  }
}
