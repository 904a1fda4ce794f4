package dev.resvec.core;

/**
 * sum and mean over a set of dims, with or without keeping them (size 1). Plain loops, accumulated in double in
 * index order; backward broadcasts the gradient back (scaled by 1/count for mean).
 */
final class Reduce extends Function {
    private final boolean mean;
    private final int[] dims;
    private final boolean keepDim;
    private int[] inShape;
    private int[] keptShape;
    private double scale;

    Reduce(boolean mean, int[] dims, boolean keepDim) {
        this.mean = mean;
        this.dims = dims;
        this.keepDim = keepDim;
    }

    @Override
    protected String name() {
        return mean ? "mean" : "sum";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        int rank = x.shape.length;
        boolean[] reduced = new boolean[rank];
        for (int dim : dims) {
            int d = Shapes.dim(name(), dim, rank);
            if (reduced[d]) {
                throw new IllegalArgumentException(name() + ": dim " + dim + " is listed twice (rank " + rank + ")");
            }
            reduced[d] = true;
        }
        inShape = x.shape;
        keptShape = x.shape.clone();
        int count = 1;
        int outRank = 0;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                count *= x.shape[d];
                keptShape[d] = 1;
            } else {
                outRank++;
            }
        }
        int[] outShape;
        if (keepDim) {
            outShape = keptShape;
        } else {
            outShape = new int[outRank];
            for (int d = 0, o = 0; d < rank; d++) {
                if (!reduced[d]) {
                    outShape[o++] = x.shape[d];
                }
            }
        }
        scale = mean ? 1.0 / count : 1.0;
        double[] sums = sumsInDouble(x, keptShape);
        Tensor out = Tensor.outputZeros(x.dtype, outShape);
        for (int i = 0; i < sums.length; i++) { // mean: divide the double sum, then round once
            out.set(i, mean ? sums[i] / count : sums[i]);
        }
        return out;
    }

    /** @return the sums over the kept shape, in double (for mean: one rounding after the division) */
    private static double[] sumsInDouble(Tensor x, int[] keptShape) {
        int[] map = Shapes.broadcastMap(x.shape, keptShape);
        double[] acc = new double[Shapes.numel(keptShape)];
        for (int i = 0; i < x.numel; i++) {
            acc[map[i]] += x.at(i);
        }
        return acc;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {TensorMath.expandByMap(g, Shapes.broadcastMap(inShape, keptShape), inShape, scale)};
    }
}
