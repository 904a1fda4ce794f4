package dev.resvec.core;

import dev.resvec.kernels.BatchNorm;
import dev.resvec.kernels.Parallelism;
import java.util.Arrays;

/**
 * Batch normalisation of an N×C×H×W tensor ({@code Functional.batchNorm2d}) over the {@code BatchNorm} kernels, with
 * an optional fused epilogue {@code relu(bn(x) + residual)}. Inputs: the tensor, then the weight and the bias where
 * present, then the residual where present (a null one is simply not an input, so it gets no gradient). The running
 * statistics are not inputs: in training they are updated in place, outside the graph (as PyTorch's buffers); in
 * inference they are constants.
 *
 * <p>Training saves the batch mean and {@code 1/sqrt(var + eps)} (double, per channel) for the backward; the
 * backward of inference treats the statistics as constants, so its input gradient is the per-channel scale alone.
 * With the ReLU fused, the output is saved too: its sign is the ReLU's mask, and the masked output gradient is the
 * residual's gradient.
 */
final class BatchNorm2dOp extends Function {
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final boolean hasWeight;
    private final boolean hasBias;
    private final boolean hasResidual;
    private final boolean relu;
    private final boolean training;
    private final double momentum;
    private final double eps;
    private double[] saveMean;
    private double[] saveInvStd;
    /** Inference: copies of the running statistics the forward used (the caller may update them before backward). */
    private Tensor usedMean;
    private Tensor usedVar;

    BatchNorm2dOp(Tensor runningMean, Tensor runningVar, boolean hasWeight, boolean hasBias, boolean hasResidual,
                  boolean relu, boolean training, double momentum, double eps) {
        this.runningMean = runningMean;
        this.runningVar = runningVar;
        this.hasWeight = hasWeight;
        this.hasBias = hasBias;
        this.hasResidual = hasResidual;
        this.relu = relu;
        this.training = training;
        this.momentum = momentum;
        this.eps = eps;
    }

    @Override
    protected String name() {
        return "batchNorm2d";
    }

    private int weightIndex() {
        return 1;
    }

    private int biasIndex() {
        return hasWeight ? 2 : 1;
    }

    private int residualIndex() {
        return 1 + (hasWeight ? 1 : 0) + (hasBias ? 1 : 0);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        Tensor weight = hasWeight ? in[weightIndex()] : null;
        Tensor bias = hasBias ? in[biasIndex()] : null;
        Tensor residual = hasResidual ? in[residualIndex()] : null;
        check(x, weight, bias, residual);
        int n = x.shape[0];
        int c = x.shape[1];
        int spatial = x.shape[2] * x.shape[3];
        Tensor out = x.outputLike();
        Parallelism threads = Parallelism.defaults();
        if (training) {
            saveMean = new double[c];
            saveInvStd = new double[c];
            if (x.f != null) {
                BatchNorm.trainingForward(n, c, spatial, x.f, 0, weight == null ? null : weight.f, 0,
                        bias == null ? null : bias.f, 0, eps, residual == null ? null : residual.f, 0, relu, out.f, 0,
                        saveMean, 0, saveInvStd, 0, runningMean == null ? null : runningMean.f, 0,
                        runningVar == null ? null : runningVar.f, 0, momentum, threads);
            } else {
                BatchNorm.trainingForward(n, c, spatial, x.d, 0, weight == null ? null : weight.d, 0,
                        bias == null ? null : bias.d, 0, eps, residual == null ? null : residual.d, 0, relu, out.d, 0,
                        saveMean, 0, saveInvStd, 0, runningMean == null ? null : runningMean.d, 0,
                        runningVar == null ? null : runningVar.d, 0, momentum);
            }
        } else {
            usedMean = copy(runningMean);
            usedVar = copy(runningVar);
            if (x.f != null) {
                BatchNorm.inferenceForward(n, c, spatial, x.f, 0, weight == null ? null : weight.f, 0,
                        bias == null ? null : bias.f, 0, usedMean.f, 0, usedVar.f, 0, eps,
                        residual == null ? null : residual.f, 0, relu, out.f, 0, threads);
            } else {
                BatchNorm.inferenceForward(n, c, spatial, x.d, 0, weight == null ? null : weight.d, 0,
                        bias == null ? null : bias.d, 0, usedMean.d, 0, usedVar.d, 0, eps,
                        residual == null ? null : residual.d, 0, relu, out.d, 0);
            }
        }
        saveForBackward(x, weight, relu ? out : null);
        return out;
    }

    private static Tensor copy(Tensor t) {
        return t.f != null ? new Tensor(t.shape, t.f.clone()) : new Tensor(t.shape, t.d.clone());
    }

    private void check(Tensor x, Tensor weight, Tensor bias, Tensor residual) {
        if (!(eps >= 0) || Double.isInfinite(eps) || !Double.isFinite(momentum)) {
            throw new IllegalArgumentException(name() + ": needs a finite eps >= 0 and a finite momentum, got eps="
                    + eps + ", momentum=" + momentum);
        }
        PoolingShapes.rank4(name(), x);
        PoolingShapes.perChannel(name(), "weight", weight, x);
        PoolingShapes.perChannel(name(), "bias", bias, x);
        PoolingShapes.perChannel(name(), "runningMean", runningMean, x);
        PoolingShapes.perChannel(name(), "runningVar", runningVar, x);
        if (residual != null && (!Arrays.equals(residual.shape, x.shape) || residual.dtype != x.dtype)) {
            throw new IllegalArgumentException(name() + ": the residual must have the input's shape and dtype "
                    + Shapes.str(x.shape) + " " + x.dtype + ", got " + Shapes.str(residual.shape) + " "
                    + residual.dtype);
        }
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(name() + ": runningMean and runningVar must both be given or both be "
                    + "null, got " + (runningMean == null ? "only runningVar" : "only runningMean"));
        }
        if (!training && runningMean == null) {
            throw new IllegalArgumentException(name() + ": inference (training = false) normalises with the running "
                    + "statistics, so runningMean and runningVar are required (input " + Shapes.str(x.shape) + ")");
        }
        if (training && x.shape[1] > 0 && (long) x.shape[0] * x.shape[2] * x.shape[3] < 2) {
            throw new IllegalArgumentException(name() + ": training needs more than 1 value per channel, got input "
                    + Shapes.str(x.shape) + " (as PyTorch: \"Expected more than 1 value per channel when training\")");
        }
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor x = savedTensors()[0];
        Tensor weight = savedTensors()[1];
        Tensor out = savedTensors()[2]; // the ReLU's output, or null
        int n = x.shape[0];
        int c = x.shape[1];
        int spatial = x.shape[2] * x.shape[3];
        Tensor gi = needsInputGrad(0) ? x.outputLike() : null;
        Tensor gw = hasWeight && needsInputGrad(weightIndex()) ? weight.outputLike() : null;
        Tensor gb = hasBias && needsInputGrad(biasIndex()) ? Tensor.output(x.dtype, new int[] {c}) : null;
        boolean wantResidual = hasResidual && needsInputGrad(residualIndex());
        // through a ReLU the residual's gradient is the masked gradient, which the kernel writes; else it is g itself
        Tensor gr = wantResidual ? (relu ? x.outputLike() : g) : null;
        Tensor masked = relu ? gr : null;
        Parallelism threads = Parallelism.defaults();
        if (g.f != null) {
            float[] w = weight == null ? null : weight.f;
            float[] y = out == null ? null : out.f;
            float[] m = masked == null ? null : masked.f;
            if (training) {
                BatchNorm.backward(n, c, spatial, x.f, 0, g.f, 0, y, 0, m, 0, saveMean, 0, saveInvStd, 0, w, 0,
                        gi == null ? null : gi.f, 0, gw == null ? null : gw.f, 0, gb == null ? null : gb.f, 0,
                        threads);
            } else {
                BatchNorm.inferenceBackward(n, c, spatial, x.f, 0, g.f, 0, y, 0, m, 0, w, 0, usedMean.f, 0,
                        usedVar.f, 0, eps, gi == null ? null : gi.f, 0, gw == null ? null : gw.f, 0,
                        gb == null ? null : gb.f, 0, threads);
            }
        } else {
            double[] w = weight == null ? null : weight.d;
            double[] y = out == null ? null : out.d;
            double[] m = masked == null ? null : masked.d;
            if (training) {
                BatchNorm.backward(n, c, spatial, x.d, 0, g.d, 0, y, 0, m, 0, saveMean, 0, saveInvStd, 0, w, 0,
                        gi == null ? null : gi.d, 0, gw == null ? null : gw.d, 0, gb == null ? null : gb.d, 0);
            } else {
                BatchNorm.inferenceBackward(n, c, spatial, x.d, 0, g.d, 0, y, 0, m, 0, w, 0, usedMean.d, 0,
                        usedVar.d, 0, eps, gi == null ? null : gi.d, 0, gw == null ? null : gw.d, 0,
                        gb == null ? null : gb.d, 0);
            }
        }
        Tensor[] grads = new Tensor[residualIndex() + (hasResidual ? 1 : 0)];
        grads[0] = gi;
        if (hasWeight) {
            grads[weightIndex()] = gw;
        }
        if (hasBias) {
            grads[biasIndex()] = gb;
        }
        if (hasResidual) {
            grads[residualIndex()] = gr;
        }
        return grads;
    }
}
