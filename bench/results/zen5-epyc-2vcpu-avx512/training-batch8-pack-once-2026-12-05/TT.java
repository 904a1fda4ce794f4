import dev.resvec.kernels.*;
import java.util.*;
/** One conv layer: each direction at 1 and 2 threads alternated per round; prints medians and the speed-up. */
public class TT {
    public static void main(String[] a) {
        int c = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]), stride = Integer.parseInt(a[3]), batch = Integer.parseInt(a[4]);
        int kernel = Integer.parseInt(a[5]);
        ConvShape s = ConvShape.of(batch, c, h, h, k, kernel, stride, kernel / 2);
        ConvAlgorithm al = a.length > 6 ? ConvAlgorithm.valueOf(a[6]) : Convolution.choose(s);
        Random r = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()];
        float[] g = new float[out.length], gi = new float[in.length], gw = new float[w.length];
        for (int i=0;i<in.length;i++) in[i]=r.nextFloat()-.5f; for (int i=0;i<g.length;i++) g[i]=r.nextFloat()-.5f;
        for (int i=0;i<w.length;i++) w[i]=r.nextFloat()-.5f;
        StringBuilder sb = new StringBuilder(String.format("%s %d->%d %dx%d s%d b%d:", al, c, k, h, h, stride, batch));
        for (int d = 0; d < 3; d++) {
            List<Double> t1 = new ArrayList<>(), t2 = new ArrayList<>();
            for (int round = 0; round < 10; round++) for (int t = 1; t <= 2; t++) {
                Parallelism p = Parallelism.threads(t);
                long[] ts = new long[300]; int n = 0; long t0 = System.nanoTime();
                while (n < ts.length && System.nanoTime() - t0 < 250_000_000L) {
                    long s0 = System.nanoTime();
                    if (d==0) Convolution.forward(s, al, in,0,w,0,out,0,ConvEpilogue.none(),p);
                    else if (d==1) Convolution.backwardData(s, al, g,0,w,0,gi,0,p);
                    else Convolution.backwardFilter(s, al, in,0,g,0,gw,0,null,0,p);
                    ts[n++] = System.nanoTime() - s0;
                }
                long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
                if (round >= 2) (t == 1 ? t1 : t2).add(q[n/2] / 1e6);
            }
            Collections.sort(t1); Collections.sort(t2);
            double m1 = t1.get(t1.size()/2), m2 = t2.get(t2.size()/2);
            sb.append(String.format("  %s %.3f/%.3f ms (x%.2f)", d==0?"fwd":d==1?"data":"filter", m1, m2, m1/m2));
        }
        System.out.println(sb);
    }
}
