import dev.resvec.nn.optim.*; import dev.resvec.nn.resnet.*;
import dev.resvec.nn.data.*;
import dev.resvec.nn.train.*;
import dev.resvec.kernels.Parallelism;
import java.util.*;
/** Training steps alternating -Dxnowino false/true in blocks; per-mode medians of block medians. args: threads blockSteps blocks */
public class TSW {
    public static void main(String[] a) throws Exception {
        int threads = Integer.parseInt(a[0]), block = Integer.parseInt(a[1]), blocks = Integer.parseInt(a[2]);
        Parallelism.setDefaultThreads(threads);
        EmbeddedShapes data = new EmbeddedShapes(0, 64 * 8);
        ChannelStats stats = Datasets.channelStats(data);
        DataLoader loader = DataLoader.builder(data).batchSize(64).shuffle(true).seed(1).transforms(Transform.standardAugmentation(stats)).build();
        List<Batch> batches = new ArrayList<>(); loader.epoch(0).forEach(batches::add);
        ResNet model = ResNets.cifarResNet(20, data.numClasses(), ResNetOptions.defaults().seed(42)); model.train();
        SGD sgd = SGD.builder(model, 0.05).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        Trainer trainer = Trainer.builder(model, sgd).build();
        int i = 0; List<Double> on = new ArrayList<>(), off = new ArrayList<>(), ratio = new ArrayList<>();
        double last = 0;
        for (int b = 0; b < blocks; b++) {
            boolean noshift = b % 2 == 1; System.setProperty("xnowino", String.valueOf(noshift));
            double[] ts = new double[block];
            for (int s = 0; s < block; s++) { long s0 = System.nanoTime(); trainer.step(batches.get(i++ % 8)); ts[s] = (System.nanoTime() - s0) / 1e6; }
            Arrays.sort(ts); double med = ts[block / 2];
            if (b >= 4) { (noshift ? off : on).add(med); if (noshift) ratio.add(med / last); }
            last = med;
        }
        Collections.sort(on); Collections.sort(off); Collections.sort(ratio);
        System.out.printf("T%d: winoFG %.1f ms, old %.1f ms, old/winoFG per pair median %.3f (%.3f..%.3f)%n", threads, on.get(on.size()/2), off.get(off.size()/2), ratio.get(ratio.size()/2), ratio.get(0), ratio.get(ratio.size()-1));
    }
}
