package dev.resvec.nn;

import dev.resvec.core.Functional;
import dev.resvec.core.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation per channel of N×C×H×W input (Ioffe &amp; Szegedy 2015), PyTorch's {@code nn.BatchNorm2d}
 * with {@code affine=True, track_running_stats=True}: parameters {@code weight} (γ, C) and {@code bias} (β, C);
 * buffers {@code running_mean} (C), {@code running_var} (C) and {@code num_batches_tracked} (a rank-0 counter, held
 * as a floating-point tensor because ResVec tensors are FLOAT32 or FLOAT64; exact up to 2²⁴ batches in FLOAT32).
 *
 * <p>Training mode normalises with the batch's statistics and updates the running ones in place
 * ({@code running = (1 − momentum)·running + momentum·batch}, the unbiased variance for {@code running_var}) and
 * counts the batch; evaluation mode applies the running statistics. Defaults as PyTorch's: eps = 1e-5,
 * momentum = 0.1. Initialised as PyTorch does: γ = 1, β = 0, mean 0, variance 1, count 0.
 */
public final class BatchNorm2d extends Module {
    /** PyTorch's default eps. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default momentum. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final TensorSlot weight;
    private final TensorSlot bias;
    private final TensorSlot runningMean;
    private final TensorSlot runningVar;
    private final TensorSlot numBatchesTracked;

    /** Batch norm over {@code numFeatures} channels with eps = 1e-5 and momentum = 0.1. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    /**
     * @param numFeatures C, positive
     * @param eps         added to the variance, positive
     * @param momentum    weight of the batch in the running statistics, in [0, 1]
     */
    public BatchNorm2d(int numFeatures, double eps, double momentum) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("BatchNorm2d: expected a positive channel count, got " + numFeatures);
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm2d: expected eps > 0 and momentum in [0, 1], got eps=" + eps
                    + ", momentum=" + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(numFeatures));
        this.bias = registerParameter("bias", Tensor.zeros(numFeatures));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros());
    }

    /** PyTorch's {@code reset_parameters}: γ = 1, β = 0, and the running statistics reset. */
    @Override
    protected void resetOwnParameters(long seed, String prefix) {
        weight.copyFrom(Tensor.ones(numFeatures));
        bias.copyFrom(Tensor.zeros(numFeatures));
        runningMean.copyFrom(Tensor.zeros(numFeatures));
        runningVar.copyFrom(Tensor.ones(numFeatures));
        numBatchesTracked.copyFrom(Tensor.zeros());
    }

    /**
     * @param input N×C×H×W with C = {@link #numFeatures()}
     * @throws IllegalArgumentException for another rank or channel count
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, false);
    }

    /**
     * Batch norm with the epilogue of a residual unit fused into it: {@code relu(bn(input) + residual)}, the
     * residual added when not null, the ReLU applied when {@code relu} ({@link Functional#batchNorm2d(Tensor, Tensor,
     * Tensor, Tensor, Tensor, boolean, double, double, Tensor, boolean)}): the same result as {@link #forward(Tensor)}
     * followed by {@code add}/{@code relu}, in one pass. The running statistics are updated as by
     * {@link #forward(Tensor)}.
     *
     * @param input    N×C×H×W with C = {@link #numFeatures()}
     * @param residual the input's shape, or null
     * @param relu     whether to apply the ReLU last
     * @throws IllegalArgumentException for another rank or channel count, or a residual of another shape
     */
    public Tensor forward(Tensor input, Tensor residual, boolean relu) {
        if (input.rank() != 4 || input.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures + "): expected an N×" + numFeatures
                    + "×H×W input, got shape " + Arrays.toString(input.shape()));
        }
        boolean training = isTraining();
        Tensor out = Functional.batchNorm2d(input, runningMean.get(), runningVar.get(), weight.get(), bias.get(),
                training, momentum, eps, residual, relu);
        if (training) {
            Tensor count = numBatchesTracked.get();
            numBatchesTracked.set(Tensor.full(count.dtype(), count.item() + 1));
        }
        return out;
    }

    /** @return γ (C) */
    public TensorSlot weight() {
        return weight;
    }

    /** @return β (C) */
    public TensorSlot bias() {
        return bias;
    }

    /** @return the running mean (C) */
    public TensorSlot runningMean() {
        return runningMean;
    }

    /** @return the running (unbiased) variance (C) */
    public TensorSlot runningVar() {
        return runningVar;
    }

    /** @return the number of training batches seen (rank 0) */
    public TensorSlot numBatchesTracked() {
        return numBatchesTracked;
    }

    /** @return C */
    public int numFeatures() {
        return numFeatures;
    }

    /** @return the eps added to the variance */
    public double eps() {
        return eps;
    }

    /** @return the momentum of the running statistics */
    public double momentum() {
        return momentum;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum;
    }
}
