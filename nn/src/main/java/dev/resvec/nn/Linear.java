package dev.resvec.nn;

import dev.resvec.core.Tensor;
import java.util.Arrays;

/**
 * A fully connected layer, PyTorch's {@code nn.Linear}: {@code y = x·Wᵀ + b} with {@code weight} W (out×in, the
 * layout of PyTorch's state dict) and {@code bias} b (out), over the last dim of the input (… × in → … × out).
 * Initialised with PyTorch's default, U(±1/√in) for weight and bias, from seed 0 at construction (so two layers
 * of one shape start equal): call {@link #resetParameters(long)} on the model to draw every layer from its own
 * stream.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final TensorSlot weight;
    private final TensorSlot bias;

    /** A linear layer with a bias. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /**
     * @param inFeatures  in, positive
     * @param outFeatures out, positive
     * @param bias        whether to learn a bias
     */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: expected positive feature counts, got in=" + inFeatures
                    + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        resetOwnParameters(0, "");
    }

    /** PyTorch's default: weight and bias from U(±1/√in). */
    @Override
    protected void resetOwnParameters(long seed, String prefix) {
        weight.set(Init.torchDefault(weight.dtype(), Init.seedFor(seed, qualified(prefix, "weight")),
                inFeatures, outFeatures, inFeatures).requiresGrad(true));
        if (bias != null) {
            bias.set(Init.torchDefault(bias.dtype(), Init.seedFor(seed, qualified(prefix, "bias")), inFeatures,
                    outFeatures).requiresGrad(true));
        }
    }

    /**
     * @param input … × in (rank 1 or more)
     * @return … × out
     * @throws IllegalArgumentException when the last dim is not {@link #inFeatures()}
     */
    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() < 1 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): expected an input"
                    + " whose last dim is " + inFeatures + ", got shape " + Arrays.toString(input.shape()));
        }
        // Wᵀ is a copy (transpose copies); the weight keeps PyTorch's out×in layout so that state dicts load as
        // they are. The classifier is small next to the convolutions, so the copy is cheap.
        Tensor y = input.matmul(weight.get().transpose(0, 1));
        return bias == null ? y : y.add(bias.get());
    }

    /** @return W (out×in) */
    public TensorSlot weight() {
        return weight;
    }

    /** @return b (out), or null when the layer has none */
    public TensorSlot bias() {
        return bias;
    }

    /** @return in */
    public int inFeatures() {
        return inFeatures;
    }

    /** @return out */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null);
    }
}
