import dev.resvec.kernels.*;
public final class MutCheck {
    public static void main(String[] a) {
        PoolShape s = new PoolShape(1, 1, 5, 80, 3, 3, 2, 2, 0, 0);
        float[] in = new float[s.inputSize()];
        java.util.Arrays.fill(in, -1f);
        // window ox=20 (cols 40..42), oy=1 (rows 2..4): row 3 (second row of window) col 40 = -0, col 42 = +0
        in[3 * 80 + 40] = -0f; in[3 * 80 + 42] = 0f;
        float[] out = new float[s.outputSize()];
        Pooling.maxForward(s, in, 0, out, 0, null, 0);
        System.out.println("out[1][20] bits " + Integer.toHexString(Float.floatToRawIntBits(out[1 * s.outWidth() + 20])) + " (scalar rule: -0 = 80000000)");
    }
}
