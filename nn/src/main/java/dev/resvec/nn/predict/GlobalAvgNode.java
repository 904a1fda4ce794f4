package dev.resvec.nn.predict;

import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.Pooling;

/** Global average pooling, C×H×W → C×1×1 per image; on the calling thread (it reads the activation once). */
record GlobalAvgNode(String name, int input, int output) implements Node {
    @Override
    public Dims outDims(Dims in) {
        return new Dims(in.channels(), 1, 1);
    }

    @Override
    public Step bind(Dims in) {
        int spatial = in.height() * in.width();
        return new Step() {
            @Override
            public void run(Arena a, int batch, Parallelism parallelism) {
                Pooling.globalAvgForward(batch, in.channels(), spatial, a.array(input), a.offset(input),
                        a.array(output), a.offset(output));
            }

            @Override
            public String toString() {
                return name + ": global average pool " + in;
            }
        };
    }
}
