import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.time.Duration;
public final class CountJoins {
    public static void main(String[] a) {
        ResNet net = ResNets.named(a[0], 1000); net.eval();
        int batch = Integer.parseInt(a[1]);
        Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(2)));
        float[] img = new float[batch * 3 * 224 * 224];
        java.util.Random r = new java.util.Random(1); for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
        float[] out = new float[batch * p.outputSize()];
        p.warmUp(img, batch, Duration.ofSeconds(10));
        long c0 = dev.resvec.kernels.internal.ParallelJob.COUNT.sum();
        int n = 50; long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) p.predictInto(img, 0, batch, out, 0);
        long t = System.nanoTime() - t0;
        System.out.printf("%s b%d 2T: %.2f ms/call, %.1f parallel regions per call%n", a[0], batch, t / 1e6 / n, (dev.resvec.kernels.internal.ParallelJob.COUNT.sum() - c0) / (double) n);
    }
}
