import dev.resvec.kernels.*;
import java.util.*;
/** Times fwd / data / filter of the CIFAR 3x3 layers at batch B, rounds interleaved; medians. */
public class TD {
    public static void main(String[] a) {
        int batch = Integer.parseInt(a[0]), threads = Integer.parseInt(a[1]);
        int[][] L = {{16,32},{32,16},{64,8}};
        String[] algs = a.length > 2 ? a[2].split(",") : new String[]{"WINOGRAD_F2X2_3X3","WINOGRAD_F4X4_3X3"};
        Parallelism p = Parallelism.threads(threads);
        Map<String, List<Double>> t = new LinkedHashMap<>();
        for (int round = 0; round < 8; round++) {
            for (int[] l : L) for (String an : algs) for (int dir = 0; dir < 3; dir++) {
                ConvAlgorithm al = ConvAlgorithm.valueOf(an);
                int c = l[0], h = l[1];
                ConvShape s = ConvShape.of(batch, c, h, h, c, 3, 1, 1);
                Random r = new Random(1);
                float[] in = new float[(int) s.inputSize()], w = new float[c*c*9], out = new float[(int) s.outputSize()];
                float[] g = new float[out.length], gi = new float[in.length], gw = new float[w.length];
                for (int i=0;i<in.length;i++) in[i]=r.nextFloat()-.5f; for (int i=0;i<g.length;i++) g[i]=r.nextFloat()-.5f;
                for (int i=0;i<w.length;i++) w[i]=r.nextFloat()-.5f;
                long[] ts = new long[200]; int n=0; long t0=System.nanoTime();
                while (n < ts.length && System.nanoTime()-t0 < 300_000_000L) {
                    long s0=System.nanoTime();
                    if (dir==0) Convolution.forward(s, al, in,0,w,0,out,0,ConvEpilogue.none(),p);
                    else if (dir==1) Convolution.backwardData(s, al, g,0,w,0,gi,0,p);
                    else Convolution.backwardFilter(s, al, in,0,g,0,gw,0,null,0,p);
                    ts[n++]=System.nanoTime()-s0;
                }
                long[] q = Arrays.copyOf(ts,n); Arrays.sort(q);
                if (round >= 2) t.computeIfAbsent(c+"@"+h+" "+an.replace("WINOGRAD_","")+" "+new String[]{"fwd","data","filter"}[dir], k -> new ArrayList<>()).add(q[n/2]/1e6);
            }
        }
        t.forEach((k, v) -> { Collections.sort(v); System.out.printf("%-30s %.3f ms [%.3f, %.3f]%n", k, v.get(v.size()/2), v.get(0), v.get(v.size()-1)); });
    }
}
