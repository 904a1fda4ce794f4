package dev.resvec.nn.optim;

import dev.resvec.core.DType;

/**
 * The optimizer state of one parameter: a step count and named buffers (momentum, moment estimates), each as long
 * as the parameter, held in the parameter's dtype. Buffers are created on first use (null until then), as in
 * PyTorch, whose SGD has no momentum buffer before the first step.
 */
final class ParamState {
    private final int size;
    private DType dtype;
    private float[][] f;
    private double[][] d;
    /** How many updates this parameter has had (AdamW's bias correction uses it). */
    long step;

    ParamState(int bufferCount, int size, DType dtype) {
        this.size = size;
        this.dtype = dtype;
        if (dtype == DType.FLOAT32) {
            f = new float[bufferCount][];
        } else {
            d = new double[bufferCount][];
        }
    }

    int size() {
        return size;
    }

    DType dtype() {
        return dtype;
    }

    /** @return float buffer {@code i} (null before it is set); the state must be FLOAT32 */
    float[] f(int i) {
        return f[i];
    }

    /** @return double buffer {@code i} (null before it is set); the state must be FLOAT64 */
    double[] d(int i) {
        return d[i];
    }

    void set(int i, float[] buffer) {
        f[i] = buffer;
    }

    void set(int i, double[] buffer) {
        d[i] = buffer;
    }

    /** @return whether buffer {@code i} exists */
    boolean has(int i) {
        return f != null ? f[i] != null : d[i] != null;
    }

    /** @return buffer {@code i} as doubles (a copy), or null */
    double[] copyAsDoubles(int i) {
        if (d != null) {
            return d[i] == null ? null : d[i].clone();
        }
        if (f[i] == null) {
            return null;
        }
        double[] out = new double[size];
        for (int k = 0; k < size; k++) {
            out[k] = f[i][k];
        }
        return out;
    }

    /** Converts every buffer to {@code target} (after {@code Module.to(DType)} converted the parameter). */
    void convert(DType target) {
        if (target == dtype) {
            return;
        }
        if (target == DType.FLOAT64) {
            double[][] converted = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
                converted[i] = copyAsDoubles(i);
            }
            d = converted;
            f = null;
        } else {
            f = new float[d.length][];
            for (int i = 0; i < d.length; i++) {
                if (d[i] != null) {
                    f[i] = new float[size];
                    for (int k = 0; k < size; k++) {
                        f[i][k] = (float) d[i][k];
                    }
                }
            }
            d = null;
        }
        dtype = target;
    }
}
