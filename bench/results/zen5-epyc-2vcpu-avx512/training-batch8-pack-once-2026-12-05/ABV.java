import dev.resvec.kernels.*;
import java.util.*;
/** Alternates a system property between two values (PROPERTY=A,B; "-" unsets it) round by round; times one conv direction. */
public class ABV {
    public static void main(String[] a) {
        String prop = a[0];
        int c = Integer.parseInt(a[1]), k = Integer.parseInt(a[2]), h = Integer.parseInt(a[3]), stride = Integer.parseInt(a[4]);
        int batch = Integer.parseInt(a[5]), threads = Integer.parseInt(a[6]); int dir = Integer.parseInt(a[7]);
        ConvAlgorithm al = ConvAlgorithm.valueOf(a.length > 8 ? a[8] : "IM2COL_GEMM");
        int kernel = a.length > 9 ? Integer.parseInt(a[9]) : 3;
        ConvShape s = ConvShape.of(batch, c, h, h, k, kernel, stride, kernel / 2);
        Random r = new Random(1);
        float[] in = new float[(int) s.inputSize()], w = new float[k*c*kernel*kernel], out = new float[(int) s.outputSize()];
        float[] g = new float[out.length], gi = new float[in.length], gw = new float[w.length];
        for (int i=0;i<in.length;i++) in[i]=r.nextFloat()-.5f; for (int i=0;i<g.length;i++) g[i]=r.nextFloat()-.5f;
        for (int i=0;i<w.length;i++) w[i]=r.nextFloat()-.5f;
        Parallelism p = Parallelism.threads(threads);
        List<Double> off = new ArrayList<>(), on = new ArrayList<>(), ratio = new ArrayList<>();
        float[] ref = null;
        for (int round=0; round<14; round++) {
            double[] med = new double[2];
            for (int mode=0; mode<2; mode++) {
                { String[] kv = prop.split("="); String[] vals = kv[1].split(","); if (vals[mode].equals("-")) System.clearProperty(kv[0]); else System.setProperty(kv[0], vals[mode]); }
                long[] ts = new long[500]; int n=0; long t0=System.nanoTime();
                while (n < ts.length && System.nanoTime()-t0 < 400_000_000L) {
                    long s0=System.nanoTime();
                    if (dir==0) Convolution.forward(s, al, in,0,w,0,out,0,ConvEpilogue.none(),p);
                    else if (dir==1) Convolution.backwardData(s, al, g,0,w,0,gi,0,p);
                    else Convolution.backwardFilter(s, al, in,0,g,0,gw,0,null,0,p);
                    ts[n++]=System.nanoTime()-s0;
                }
                long[] q = Arrays.copyOf(ts,n); Arrays.sort(q); med[mode]=q[n/2]/1e6;
                float[] res = dir==0 ? out : dir==1 ? gi : gw;
                if (ref == null) ref = res.clone(); else if (!Arrays.equals(ref, res)) throw new AssertionError("bits differ, mode " + mode);
            }
            if (round >= 2) { off.add(med[0]); on.add(med[1]); ratio.add(med[0]/med[1]); }
        }
        Collections.sort(off); Collections.sort(on); Collections.sort(ratio); int m = off.size()/2;
        System.out.printf("%s C%d K%d %dx%d s%d b%d T%d dir%d: before %.3f ms, after %.3f ms, before/after median %.3f (min %.3f max %.3f)%n",
            al, c, k, h, h, stride, batch, threads, dir, off.get(m), on.get(m), ratio.get(m), ratio.get(0), ratio.get(ratio.size()-1));
    }
}
