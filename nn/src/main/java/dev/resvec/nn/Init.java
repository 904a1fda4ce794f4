package dev.resvec.nn;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded weight initialisation, with the rules PyTorch and torchvision use.
 *
 * <p>Every parameter draws from its own {@link SplittableRandom}, seeded by {@link #seedFor(long, String)} from the
 * model's seed and the parameter's dotted name. The draw is sequential in one thread, so the values do not depend
 * on the thread count; and a parameter's values depend only on the seed, its name and its shape, so adding or
 * removing a layer leaves every other layer's values as they were.
 *
 * <p>FLOAT32 values are the FLOAT64 values rounded: the same seed gives the same model in both dtypes.
 */
public final class Init {
    private Init() {}

    /**
     * @return the seed of one parameter's stream: the 64-bit FNV-1a hash of the name's UTF-8 bytes, combined with
     * the seed through the SplitMix64 finaliser (Steele, Lea &amp; Flood 2014), which spreads nearby seeds and names
     * over unrelated streams
     */
    public static long seedFor(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(seed ^ mix(h + 0x9e3779b97f4a7c15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** @return values from N(0, std²), drawn from {@code SplittableRandom(streamSeed)} */
    public static Tensor normal(DType dtype, long streamSeed, double std, int... shape) {
        SplittableRandom r = new SplittableRandom(streamSeed);
        int n = numel(shape);
        if (dtype == DType.FLOAT32) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (std * r.nextGaussian());
            }
            return Tensor.fromArray(v, shape);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = std * r.nextGaussian();
        }
        return Tensor.fromArray(v, shape);
    }

    /** @return values from U(−bound, bound), drawn from {@code SplittableRandom(streamSeed)} */
    public static Tensor uniform(DType dtype, long streamSeed, double bound, int... shape) {
        SplittableRandom r = new SplittableRandom(streamSeed);
        int n = numel(shape);
        if (dtype == DType.FLOAT32) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (bound * (2 * r.nextDouble() - 1));
            }
            return Tensor.fromArray(v, shape);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = bound * (2 * r.nextDouble() - 1);
        }
        return Tensor.fromArray(v, shape);
    }

    /**
     * @return PyTorch's {@code fan_in} of a weight of this shape: {@code shape[1]} times the receptive field (the
     * product of the dims after the first two); for a conv weight K×(C/g)×R×S, {@code C/g·R·S}
     */
    public static int fanIn(int[] shape) {
        checkWeightShape(shape);
        return shape[1] * receptiveField(shape);
    }

    /**
     * @return PyTorch's {@code fan_out}: {@code shape[0]} times the receptive field; for a conv weight K×(C/g)×R×S,
     * {@code K·R·S} (PyTorch does not divide by the groups)
     */
    public static int fanOut(int[] shape) {
        checkWeightShape(shape);
        return shape[0] * receptiveField(shape);
    }

    /**
     * Kaiming He's normal initialisation for ReLU networks (He et al. 2015, "Delving Deep into Rectifiers", eq. 10
     * for the backward pass), torchvision ResNet's choice for every convolution:
     * {@code kaiming_normal_(w, mode='fan_out', nonlinearity='relu')}, std = √(2 / fan_out).
     */
    public static Tensor kaimingNormalFanOut(DType dtype, long streamSeed, int... shape) {
        return normal(dtype, streamSeed, Math.sqrt(2.0 / fanOut(shape)), shape);
    }

    /**
     * PyTorch's default for {@code Linear} and {@code Conv2d} weights and biases: U(−1/√fan_in, 1/√fan_in) (its
     * {@code kaiming_uniform_(a=√5)} works out to exactly this bound).
     *
     * @param fanIn the fan-in of the weight (also for its bias)
     */
    public static Tensor torchDefault(DType dtype, long streamSeed, int fanIn, int... shape) {
        return uniform(dtype, streamSeed, fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0, shape);
    }

    private static int receptiveField(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) {
            r *= shape[i];
        }
        return r;
    }

    private static void checkWeightShape(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Init: fan-in and fan-out need a weight of rank 2 or more, got shape "
                    + java.util.Arrays.toString(shape));
        }
    }

    private static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("Init: expected non-negative dims, got shape "
                        + java.util.Arrays.toString(shape));
            }
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Init: shape " + java.util.Arrays.toString(shape) + " has " + n
                    + " elements, more than an array holds");
        }
        return (int) n;
    }
}
