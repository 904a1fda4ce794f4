package dev.resvec.nn.predict;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;

/** A ReLU that follows nothing it could be fused into; in place when its input is not read later. */
record ReluNode(String name, int input, int output) implements Node {
    @Override
    public int inPlace() {
        return input;
    }

    @Override
    public Dims outDims(Dims in) {
        return in;
    }

    @Override
    public Step bind(Dims in) {
        int spatial = in.height() * in.width();
        return new Step() {
            @Override
            public void run(Arena a, int batch, Parallelism parallelism) {
                float[] x = a.array(input);
                float[] out = a.array(output);
                int offX = a.offset(input);
                int offOut = a.offset(output);
                Shares.planes(batch * in.channels(), spatial, parallelism, (from, to) -> Elementwise.relu(
                        (to - from) * spatial, x, offX + from * spatial, out, offOut + from * spatial));
            }

            @Override
            public String toString() {
                return name + ": relu " + in;
            }
        };
    }
}
