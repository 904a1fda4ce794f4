package dev.resvec.kernels.vector;

import dev.resvec.kernels.internal.ElementwiseKernels;

/** TODO(elementwise helper): replaced. */
final class VectorElementwise implements ElementwiseKernels {
    @Override
    public void add(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        throw new UnsupportedOperationException("add");
    }

    @Override
    public void addRelu(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        throw new UnsupportedOperationException("addRelu");
    }

    @Override
    public void relu(int n, float[] x, int offX, float[] out, int offOut) {
        throw new UnsupportedOperationException("relu");
    }

    @Override
    public void reluBackward(int n, float[] x, int offX, float[] gradOut, int offG, float[] gradIn, int offGradIn) {
        throw new UnsupportedOperationException("reluBackward");
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        throw new UnsupportedOperationException("axpy");
    }

    @Override
    public void scale(int n, float alpha, float[] x, int offX, float[] out, int offOut) {
        throw new UnsupportedOperationException("scale");
    }

    @Override
    public void channelBias(int batch, int channels, int spatial, float[] x, int offX, float[] bias, int offBias, float[] out, int offOut) {
        throw new UnsupportedOperationException("channelBias");
    }

    @Override
    public void channelAffine(int batch, int channels, int spatial, float[] x, int offX, float[] scale, int offScale, float[] shift, int offShift, float[] out, int offOut) {
        throw new UnsupportedOperationException("channelAffine");
    }

    @Override
    public void channelSums(int batch, int channels, int spatial, float[] x, int offX, double[] sum, int offSum, double[] sumSq, int offSumSq) {
        throw new UnsupportedOperationException("channelSums");
    }

    @Override
    public void rowMax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut) {
        throw new UnsupportedOperationException("rowMax");
    }

    @Override
    public void softmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut) {
        throw new UnsupportedOperationException("softmax");
    }

    @Override
    public void logSoftmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut) {
        throw new UnsupportedOperationException("logSoftmax");
    }
}
