import dev.resvec.kernels.*;
import java.util.*;
/** ms of a prepared 3x3 conv, batch B, whose filters were evicted from the caches before each call (as in a network),
 *  algorithms alternated round by round. Args: C H threads rounds algos... */
public final class ColdConv {
    static float sink; static final int COPIES = Integer.getInteger("copies", 4);
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), h = Integer.parseInt(a[1]); Parallelism par = Parallelism.threads(Integer.parseInt(a[2]));
        int rounds = Integer.parseInt(a[3]); int batch = 1;
        List<ConvAlgorithm> algs = new ArrayList<>(); for (int i = 4; i < a.length; i++) algs.add(ConvAlgorithm.valueOf(a[i]));
        ConvShape s = ConvShape.of(batch, c, h, h, c, 3, 1, 1);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()];
        for (int j = 0; j < in.length; j++) in[j] = rnd.nextFloat() - 0.5f;
        for (int j = 0; j < w.length; j++) w[j] = rnd.nextFloat() - 0.5f;
        // four copies of each algorithm's prepared filters, called in turn, plus a 96 MB sweep: the filters come from DRAM
        PreparedConvolution[][] p = new PreparedConvolution[algs.size()][COPIES];
        for (int i = 0; i < algs.size(); i++) for (int r = 0; r < COPIES; r++) p[i][r] = Convolution.prepare(s, algs.get(i), w, 0);
        float[] sweep = new float[Integer.getInteger("sweepMB", 96) << 18];
        ConvEpilogue e = ConvEpilogue.none();
        double[][] cold = new double[algs.size()][rounds], warm = new double[algs.size()][rounds];
        for (int round = -20; round < rounds; round++) {
            for (int i = 0; i < algs.size(); i++) {
                float acc = 0; for (int j = 0; j < sweep.length; j += 16) { acc += sweep[j]; sweep[j] = acc; } sink += acc;
                PreparedConvolution q = p[i][(round + 20) % COPIES];
                long t0 = System.nanoTime(); q.forward(batch, in, 0, out, 0, e, par); long t1 = System.nanoTime();
                q.forward(batch, in, 0, out, 0, e, par); long t2 = System.nanoTime();
                if (round >= 0) { cold[i][round] = (t1 - t0) / 1e6; warm[i][round] = (t2 - t1) / 1e6; }
            }
        }
        for (int i = 0; i < algs.size(); i++) {
            Arrays.sort(cold[i]); Arrays.sort(warm[i]);
            System.out.printf("%d@%d b%d %dT %-20s cold %.3f ms (min %.3f)  warm %.3f ms%n", c, h, batch, par.threadCount(), algs.get(i),
                cold[i][rounds / 2], cold[i][0], warm[i][rounds / 2]);
        }
    }
}
