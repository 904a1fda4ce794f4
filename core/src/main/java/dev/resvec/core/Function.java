package dev.resvec.core;

/**
 * One differentiable operation, and the context of one call of it (tinygrad's design): an instance is created per
 * call, {@link #apply(Tensor...)} runs {@link #forward(Tensor...)} and, when a graph is recorded, the instance
 * becomes the output's node in the graph, holding what {@link #backward(Tensor)} needs.
 *
 * <p>To add an operation, extend this class:
 * <pre>{@code
 * final class Square extends Function {
 *     protected Tensor forward(Tensor... in) {
 *         saveForBackward(in[0]);
 *         return in[0].mul(in[0]);
 *     }
 *     protected Tensor[] backward(Tensor g) {
 *         Tensor x = savedTensors()[0];
 *         return new Tensor[] {g.mul(x).mul(2)};
 *     }
 * }
 * Tensor y = new Square().apply(x);
 * }</pre>
 * and check it with {@link GradCheck}. Both methods run inside a {@link NoGrad} scope, so they may use any
 * {@link Tensor} operation without recording a graph.
 *
 * <p>Contract of {@code backward}: return one gradient per input, of the input's shape and dtype ({@code null}
 * where {@link #needsInputGrad(int)} is false). A gradient may be {@code gradOutput} itself, a view of it, or a new
 * tensor, and the same tensor may be returned for several inputs; it must not be a tensor the caller holds
 * (an input or a saved tensor): the engine hands gradients to leaves' {@link Tensor#grad()} without copying them
 * where it can. Neither method may modify its arguments.
 */
public abstract class Function {
    private Tensor[] inputs;
    private boolean[] needsGrad;
    private Tensor[] saved;
    private boolean recording;
    private boolean applied;
    private boolean released;

    /** Creates the context of one call. */
    protected Function() {}

    /**
     * Runs the operation on {@code inputs}; records the call in the graph when this thread is not in a
     * {@link NoGrad} scope and an input requires a gradient.
     *
     * @param inputs the operands
     * @return the result; it requires a gradient when the call was recorded
     * @throws IllegalStateException when this instance was already applied (an instance is one call)
     */
    public final Tensor apply(Tensor... inputs) {
        if (applied) {
            throw new IllegalStateException(name() + ": a Function instance is the context of one call; create a new"
                    + " instance for each call");
        }
        applied = true;
        boolean[] needs = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new IllegalArgumentException(name() + ": input " + i + " is null");
            }
            inputs[i].checkLive(name());
            needs[i] = inputs[i].requiresGrad();
            any |= needs[i];
        }
        recording = any && !NoGrad.isActive();
        this.needsGrad = recording ? needs : new boolean[inputs.length];
        Tensor out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = forward(inputs);
        }
        if (out == null) {
            throw new IllegalStateException(name() + ".forward returned null");
        }
        if (!recording) {
            saved = null;
            return out;
        }
        for (Tensor in : inputs) {
            if (out == in) { // never make an input a node of its own graph: return an alias instead
                out = out.alias();
                break;
            }
        }
        this.inputs = inputs.clone();
        out.recordCreator(this);
        return out;
    }

    /**
     * Computes the result from the inputs' values. Runs inside a {@link NoGrad} scope.
     *
     * @param inputs the operands, as given to {@link #apply(Tensor...)}
     * @return the result (a new tensor, or a view of an input)
     */
    protected abstract Tensor forward(Tensor... inputs);

    /**
     * Computes the gradient of each input from the gradient of the output. Runs inside a {@link NoGrad} scope, once.
     *
     * @param gradOutput the gradient of the loss with respect to this call's output (its shape and dtype)
     * @return one gradient per input, {@code null} where {@link #needsInputGrad(int)} is false
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * Keeps tensors for {@link #backward(Tensor)}; does nothing when no graph is being recorded, so nothing is kept
     * alive without need.
     *
     * @param tensors the tensors to keep (replacing any kept before)
     */
    protected final void saveForBackward(Tensor... tensors) {
        if (recording) {
            saved = tensors.clone();
        }
    }

    /** @return the tensors given to {@link #saveForBackward(Tensor...)} (empty if none) */
    protected final Tensor[] savedTensors() {
        if (released) {
            throw new IllegalStateException(name() + ": the saved tensors were released after backward");
        }
        return saved == null ? new Tensor[0] : saved;
    }

    /**
     * @param input the input's position
     * @return whether backward must compute this input's gradient (false for all inputs when no graph is recorded)
     */
    protected final boolean needsInputGrad(int input) {
        return needsGrad[input];
    }

    /** @return the operation's name, for error messages (the class's simple name unless overridden) */
    protected String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName() : n;
    }

    // --- for the engine ---

    final Tensor[] inputs() {
        return inputs;
    }

    final boolean[] needsGrad() {
        return needsGrad;
    }

    final boolean isReleased() {
        return released;
    }

    final Tensor[] runBackward(Tensor gradOutput) {
        return backward(gradOutput);
    }

    /** Frees what the node holds (inputs and saved tensors): the graph behind it is gone. */
    final void release() {
        released = true;
        inputs = null;
        saved = null;
    }
}
