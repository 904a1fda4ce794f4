package dev.resvec.nn.predict;

/** Copies its input: the whole program of a model that computes nothing (an {@code Identity}). */
record CopyNode(String name, int input, int output) implements Node {
    @Override
    public Dims outDims(Dims in) {
        return in;
    }

    @Override
    public Step bind(Dims in) {
        int size = in.size();
        return (a, batch, parallelism) -> System.arraycopy(a.array(input), a.offset(input), a.array(output),
                a.offset(output), batch * size);
    }
}
