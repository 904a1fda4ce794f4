package dev.resvec.nn.predict;

import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.PoolShape;
import dev.resvec.kernels.Pooling;

/**
 * Max or average pooling over square windows (PyTorch's floor mode), split over the caller's threads by whole
 * planes.
 *
 * @param max             max pooling (else average)
 * @param countIncludePad for average pooling: whether padding counts in the divisor
 */
record PoolNode(String name, int input, int output, boolean max, int kernel, int stride, int padding,
                boolean countIncludePad) implements Node {

    @Override
    public Dims outDims(Dims in) {
        PoolShape s = shape(in, in.channels());
        return new Dims(in.channels(), s.outHeight(), s.outWidth());
    }

    private PoolShape shape(Dims in, int planes) {
        try {
            return new PoolShape(1, planes, in.height(), in.width(), kernel, kernel, stride, stride, padding,
                    padding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Predictor: layer '" + name + "' cannot take a " + in.height() + "×"
                    + in.width() + " input: " + e.getMessage(), e);
        }
    }

    @Override
    public Step bind(Dims in) {
        Dims out = outDims(in);
        int inPlane = in.height() * in.width();
        int outPlane = out.height() * out.width();
        return new Step() {
            @Override
            public void run(Arena a, int batch, Parallelism parallelism) {
                float[] x = a.array(input);
                float[] y = a.array(output);
                int offX = a.offset(input);
                int offY = a.offset(output);
                // A window reads kernel² inputs per output: count that as the work of a plane.
                Shares.planes(batch * in.channels(), (long) outPlane * kernel * kernel, parallelism,
                        (from, to) -> {
                            PoolShape s = shape(in, to - from);
                            if (max) {
                                Pooling.maxForward(s, x, offX + from * inPlane, y, offY + from * outPlane, null, 0);
                            } else {
                                Pooling.avgForward(s, countIncludePad, x, offX + from * inPlane, y,
                                        offY + from * outPlane);
                            }
                        });
            }

            @Override
            public String toString() {
                return name + ": " + (max ? "max" : "avg") + " pool " + kernel + "/" + stride + " " + in + " -> "
                        + out;
            }
        };
    }
}
