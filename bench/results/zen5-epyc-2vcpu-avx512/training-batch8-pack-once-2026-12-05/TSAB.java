import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.data.*;
import dev.resvec.nn.optim.SGD;
import dev.resvec.nn.resnet.*;
import dev.resvec.nn.train.Trainer;
import java.util.*;
/** CIFAR ResNet-20 training step at batch 64 (as TrainStepBenchmark), a boolean property off/on alternated in rounds. */
public class TSAB {
    public static void main(String[] a) {
        String prop = a[0]; int threads = Integer.parseInt(a[1]), rounds = Integer.parseInt(a[2]), steps = Integer.parseInt(a[3]);
        EmbeddedShapes data = new EmbeddedShapes(0, 64 * 8);
        ChannelStats stats = Datasets.channelStats(data);
        DataLoader loader = DataLoader.builder(data).batchSize(64).shuffle(true).seed(1)
                .transforms(Transform.standardAugmentation(stats)).build();
        List<Batch> batches = new ArrayList<>(); loader.epoch(0).forEach(batches::add);
        ResNet model = ResNets.cifarResNet(20, data.numClasses(), ResNetOptions.defaults().seed(42));
        model.train();
        SGD sgd = SGD.builder(model, 0.05).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        Trainer trainer = Trainer.builder(model, sgd).build();
        Parallelism.setDefaultThreads(threads);
        int next = 0;
        for (int mode = 0; mode < 2; mode++) { System.setProperty(prop, mode == 0 ? "true" : "false"); for (int i = 0; i < 25; i++) trainer.step(batches.get(next++ % 8)); }
        List<Double> before = new ArrayList<>(), after = new ArrayList<>(), ratio = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double[] med = new double[2];
            for (int mode = 0; mode < 2; mode++) {
                System.setProperty(prop, mode == 0 ? "true" : "false");
                double[] ms = new double[steps];
                for (int i = 0; i < steps; i++) { long t0 = System.nanoTime(); trainer.step(batches.get(next++ % 8)); ms[i] = (System.nanoTime() - t0) / 1e6; }
                Arrays.sort(ms); med[mode] = ms[steps / 2];
            }
            before.add(med[0]); after.add(med[1]); ratio.add(med[0] / med[1]);
        }
        Collections.sort(before); Collections.sort(after); Collections.sort(ratio); int m = rounds / 2;
        System.out.printf("ResNet-20 b64 train step, %d threads: before %.1f ms, after %.1f ms, before/after median %.3f (min %.3f max %.3f)%n",
                threads, before.get(m), after.get(m), ratio.get(m), ratio.get(0), ratio.get(rounds - 1));
    }
}
