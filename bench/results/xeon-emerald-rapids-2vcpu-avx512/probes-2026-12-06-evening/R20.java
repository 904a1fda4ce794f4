import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.*;
import dev.resvec.nn.resnet.*;
import java.util.*;
public class R20 {
    public static void main(String[] a) {
        ResNet net = ResNets.cifarResNet(20, 10);
        Predictor p = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(1)));
        for (int batch : new int[] {1, 64}) {
            float[] x = new float[batch * 3 * 32 * 32];
            Random r = new Random(1);
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
            double[] t = new double[9];
            for (int round = 0; round < 9; round++) {
                long t0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - t0 < 300_000_000L) { p.predict(x, batch); n++; }
                t[round] = (System.nanoTime() - t0) / 1e3 / n;
            }
            Arrays.sort(t);
            System.out.printf("resnet20 b%d: %.1f us%n", batch, t[4]);
        }
    }
}
