package dev.resvec.nn.predict;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;

/**
 * Batch norm that cannot be folded into a convolution, applied as a per-channel affine {@code x·scale + shift},
 * optionally followed by ReLU: the pre-activation of a ResNet v2 unit and the final {@code bn} of its head. Works
 * in place when its input is not read later.
 */
record AffineNode(String name, int input, int output, float[] scale, float[] shift, boolean relu) implements Node {

    @Override
    public int inPlace() {
        return input;
    }

    @Override
    public Dims outDims(Dims in) {
        if (in.channels() != scale.length) {
            throw new IllegalArgumentException("Predictor: layer '" + name + "' expects " + scale.length
                    + " channels, got " + in.channels());
        }
        return in;
    }

    @Override
    public Step bind(Dims in) {
        int channels = in.channels();
        int spatial = in.height() * in.width();
        return new Step() {
            @Override
            public void run(Arena a, int batch, Parallelism parallelism) {
                float[] x = a.array(input);
                float[] out = a.array(output);
                int offX = a.offset(input);
                int offOut = a.offset(output);
                // Shares of whole planes; a range may span images, so it is cut at image boundaries for the
                // per-channel kernel (its channel index is the plane's index within its image).
                Shares.planes(batch * channels, spatial, parallelism, (from, to) -> {
                    for (int p = from; p < to; ) {
                        int c = p % channels;
                        int count = Math.min(to - p, channels - c);
                        long at = (long) p * spatial;
                        Elementwise.channelAffine(1, count, spatial, x, offX + (int) at, scale, c, shift, c, out,
                                offOut + (int) at);
                        p += count;
                    }
                    if (relu) {
                        int at = offOut + from * spatial;
                        Elementwise.relu((to - from) * spatial, out, at, out, at);
                    }
                });
            }

            @Override
            public String toString() {
                return name + ": batch-norm affine " + in + (relu ? " +relu" : "");
            }
        };
    }
}
