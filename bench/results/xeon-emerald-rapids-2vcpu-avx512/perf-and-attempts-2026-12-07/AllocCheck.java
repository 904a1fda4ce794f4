import dev.resvec.kernels.*;
import java.util.*;
public final class AllocCheck {
    public static void main(String[] a) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String spec : a) {
            String[] p = spec.split("-");
            int c = Integer.parseInt(p[0]), h = Integer.parseInt(p[1]), b = Integer.parseInt(p[2]);
            ConvShape s = ConvShape.of(b, c, h, h, c, 3, 1, 1);
            Random rnd = new Random(1);
            float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()], bias = new float[c], res = new float[s.outputSize()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
            PreparedConvolution pc = Convolution.prepare(s, ConvAlgorithm.WINOGRAD_F4X4_3X3, w, 0);
            ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0).withRelu();
            for (int i = 0; i < 3000; i++) pc.forward(b, in, 0, out, 0, e, Parallelism.singleThread());
            long t = Thread.currentThread().threadId();
            long before = mx.getThreadAllocatedBytes(t);
            for (int i = 0; i < 200; i++) pc.forward(b, in, 0, out, 0, e, Parallelism.singleThread());
            System.out.printf("%s: %.1f bytes a call%n", spec, (mx.getThreadAllocatedBytes(t) - before) / 200.0);
        }
    }
}
