package dev.resvec.bench;
public class StepLoop {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]); double secs = Double.parseDouble(a[1]);
        dev.resvec.kernels.Parallelism.setDefaultThreads(threads);
        TrainStepFixture f = new TrainStepFixture();
        long end = System.nanoTime() + (long) (secs * 1e9); int n = 0; long t0 = System.nanoTime();
        while (System.nanoTime() < end) { f.step(); n++; if (n % 20 == 0) { System.out.printf("%d steps %.1f ms/step%n", n, (System.nanoTime()-t0)/1e6/20); t0 = System.nanoTime(); } }
    }
}
