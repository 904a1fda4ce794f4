package dev.resvec.kernels.internal.conv;
import dev.resvec.kernels.*;
import java.util.*;
public class BF {
    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        int[][] L = {{64,32,16},{64,64,8},{8,128,28},{8,64,56},{2,64,56}};
        int[] blocks = {1 << 20, 1 << 18, 1 << 17, 1 << 16, 1 << 15};
        Parallelism par = Parallelism.threads(threads);
        for (int[] l : L) {
            ConvShape s = ConvShape.of(l[0], l[1], l[2], l[2], l[1], 3, 1, 1);
            if (!WinogradFilterGradient.pays(s)) { System.out.println("not taken " + Arrays.toString(l)); }
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()], dw = new float[(int) s.filterSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f;
            double[][] t = new double[blocks.length][6];
            for (int round = 0; round < 6; round++) for (int b = 0; b < blocks.length; b++) {
                long s0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - s0 < 400_000_000L) { WinogradFilterGradient.run(ConvContext.active().backend(), s, x, 0, g, 0, dw, 0, par, Math.max(blocks[b], WinogradFilterGradient.blockFloats(s) == (1<<20) ? blocks[b] : WinogradFilterGradient.blockFloats(s)), WinogradFilterGradient.MIN_PARALLEL_WORK); n++; }
                t[b][round] = (System.nanoTime() - s0) / 1e6 / n;
            }
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < blocks.length; b++) { double[] q = Arrays.copyOfRange(t[b], 1, 6); Arrays.sort(q); sb.append(String.format("  %dKiB %.3f", blocks[b] * 4 / 1024, q[2])); }
            System.out.println("b" + l[0] + " " + l[1] + "@" + l[2] + " default=" + WinogradFilterGradient.blockFloats(s) * 4 / 1024 + "KiB:" + sb);
        }
    }
}
