package dev.resvec.nn.data;

/**
 * Resizes planes of pixels with the bilinear (triangle) filter the way Pillow's {@code Image.resize(...,
 * BILINEAR)} does — which is what torchvision's {@code Resize} runs on PIL images: each output pixel centre
 * {@code (i + 0.5)·scale} takes the input pixels within {@code scale'} = max(1, in/out) of it, weighted by
 * {@code 1 − |distance| / scale'} and normalised. Upscaling is then plain bilinear interpolation between pixel
 * centres (edges repeated); downscaling widens the filter so every input pixel contributes (anti-aliased), instead
 * of sampling two of them. The filter is separable: rows first, then columns, in float.
 */
final class Resampler {
    private Resampler() {}

    /** The taps of each output position: input start, count, normalised weights. */
    private record Taps(int[] start, int[] count, float[][] weights) {}

    /**
     * @param src  a plane of {@code inH × inW} values, row-major
     * @return the plane resized to {@code outH × outW}
     */
    static float[] resize(float[] src, int inW, int inH, int outW, int outH) {
        float[] rows = inW == outW ? src : resizeRows(src, inW, inH, outW);
        return inH == outH ? rows : resizeColumns(rows, outW, inH, outH);
    }

    private static float[] resizeRows(float[] src, int inW, int h, int outW) {
        Taps t = taps(inW, outW);
        float[] dst = new float[outW * h];
        for (int y = 0; y < h; y++) {
            int row = y * inW;
            for (int x = 0; x < outW; x++) {
                float[] w = t.weights[x];
                int s = row + t.start[x];
                float v = 0;
                for (int k = 0; k < t.count[x]; k++) {
                    v += w[k] * src[s + k];
                }
                dst[y * outW + x] = v;
            }
        }
        return dst;
    }

    private static float[] resizeColumns(float[] src, int w, int inH, int outH) {
        Taps t = taps(inH, outH);
        float[] dst = new float[w * outH];
        for (int y = 0; y < outH; y++) {
            float[] wt = t.weights[y];
            for (int k = 0; k < t.count[y]; k++) {
                int s = (t.start[y] + k) * w;
                float c = wt[k];
                for (int x = 0; x < w; x++) {
                    dst[y * w + x] += c * src[s + x];
                }
            }
        }
        return dst;
    }

    /** Pillow's {@code precompute_coeffs} (libImaging/Resample.c) for the bilinear filter, support 1. */
    private static Taps taps(int in, int out) {
        double scale = (double) in / out;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale;
        int[] start = new int[out];
        int[] count = new int[out];
        float[][] weights = new float[out][];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            int min = Math.max(0, (int) (centre - support + 0.5));
            int max = Math.min(in, (int) (centre + support + 0.5));
            double[] w = new double[Math.max(0, max - min)];
            double sum = 0;
            for (int k = 0; k < w.length; k++) {
                double d = Math.abs((k + min - centre + 0.5) / filterScale);
                w[k] = d < 1 ? 1 - d : 0;
                sum += w[k];
            }
            float[] wf = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                wf[k] = (float) (sum != 0 ? w[k] / sum : 0);
            }
            start[i] = min;
            count[i] = w.length;
            weights[i] = wf;
        }
        return new Taps(start, count, weights);
    }
}
