package dev.resvec.nn;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every layer and model: a tree of modules, each with named parameters and buffers, mirroring
 * PyTorch's {@code torch.nn.Module} closely enough that state-dict keys are PyTorch's
 * ({@code layer2.0.downsample.1.running_var}).
 *
 * <p>A subclass registers, in its constructor, its parameters ({@link #registerParameter}), buffers
 * ({@link #registerBuffer}) and child modules ({@link #registerModule}), and implements {@link #forward(Tensor)}.
 * Names are those of PyTorch's attributes; registration order is the order of {@link #stateDict()}, which follows
 * PyTorch's: a module's own parameters, then its own buffers, then each child's entries under the child's name.
 *
 * <p>Modes: a module is created in training mode; {@link #eval()} and {@link #train()} switch the whole subtree
 * (batch norm uses batch statistics and updates its running ones only in training mode).
 *
 * <p>Dtype: parameters and buffers are FLOAT32 (the SIMD kernels) until {@link #to(DType)} converts the whole
 * subtree; FLOAT64 runs the double-precision reference kernels, for gradient checks of whole networks.
 *
 * <p>Initialisation is seeded: {@link #resetParameters(long)} re-draws every parameter from a seed, each from its
 * own stream derived from the seed and the parameter's dotted name ({@link Init#seedFor}), so the same seed gives
 * the same weights whatever the thread count, and adding a layer does not shift the others' values.
 *
 * <p>Modules are not thread-safe: one thread at a time trains or runs a module (the inference {@code Predictor}
 * is the thread-safe form of a trained model).
 */
public abstract class Module {
    private final Map<String, TensorSlot> parameters = new LinkedHashMap<>();
    private final Map<String, TensorSlot> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Creates a module with nothing registered, in training mode. */
    protected Module() {}

    // ------------------------------------------------------------------------------------------------ forward

    /**
     * Computes the module's output.
     *
     * @param input the input (for the layers of a convolutional network: N×C×H×W)
     * @return the output, recorded in the autograd graph unless inside a {@code NoGrad} scope
     */
    public abstract Tensor forward(Tensor input);

    /**
     * Calls {@link #forward(Tensor)}: the call form of PyTorch's {@code module(x)}.
     *
     * @param input the input
     * @return the output of {@link #forward(Tensor)}
     * @throws IllegalArgumentException when {@code input} is null
     */
    public final Tensor apply(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected an input tensor, got null");
        }
        return forward(input);
    }

    // ------------------------------------------------------------------------------------------------ registration

    /**
     * Registers a trainable parameter; the tensor becomes a leaf with {@code requiresGrad}.
     *
     * @param name    the attribute name (no dots, unique within this module)
     * @param initial the initial value, FLOAT32 or FLOAT64
     * @return the slot holding it
     */
    protected final TensorSlot registerParameter(String name, Tensor initial) {
        checkName(name);
        if (!initial.isLeaf()) {
            initial = initial.detach();
        }
        TensorSlot slot = new TensorSlot(name, TensorSlot.Kind.PARAMETER, initial.requiresGrad(true));
        parameters.put(name, slot);
        return slot;
    }

    /**
     * Registers a buffer: state saved in the state dict but not trained (running statistics, counters).
     *
     * @param name    the attribute name (no dots, unique within this module)
     * @param initial the initial value
     * @return the slot holding it
     */
    protected final TensorSlot registerBuffer(String name, Tensor initial) {
        checkName(name);
        TensorSlot slot = new TensorSlot(name, TensorSlot.Kind.BUFFER, initial.isLeaf() ? initial : initial.detach());
        buffers.put(name, slot);
        return slot;
    }

    /**
     * Registers a child module under a name (its entries appear as {@code name.…} in the state dict). The child
     * takes this module's current mode.
     *
     * @param name  the attribute name (no dots, unique within this module)
     * @param child the module
     * @param <M>   the child's type
     * @return the child
     */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        if (child == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a module for '" + name
                    + "', got null");
        }
        if (child == this) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot be its own child ('"
                    + name + "')");
        }
        children.put(name, child);
        child.train(training);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": expected a non-empty name without dots, got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the name '" + name
                    + "' is already registered");
        }
    }

    // ------------------------------------------------------------------------------------------------ the tree

    /** @return the direct children, by name, in registration order (unmodifiable) */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * @return this module (under the key {@code ""}) and every descendant under its dotted name, in pre-order:
     * PyTorch's {@code named_modules()}
     */
    public final LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().collectModules(prefix.isEmpty() ? c.getKey() : prefix + "." + c.getKey(), out);
        }
    }

    /** @return every parameter slot of the subtree under its dotted name, in state-dict order */
    public final LinkedHashMap<String, TensorSlot> namedParameterSlots() {
        LinkedHashMap<String, TensorSlot> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (TensorSlot s : m.getValue().parameters.values()) {
                out.put(dotted(m.getKey(), s.name()), s);
            }
        }
        return out;
    }

    /** @return every buffer slot of the subtree under its dotted name, in state-dict order */
    public final LinkedHashMap<String, TensorSlot> namedBufferSlots() {
        LinkedHashMap<String, TensorSlot> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (TensorSlot s : m.getValue().buffers.values()) {
                out.put(dotted(m.getKey(), s.name()), s);
            }
        }
        return out;
    }

    /** @return every slot (parameters and buffers) under its dotted name, in PyTorch's state-dict order */
    public final LinkedHashMap<String, TensorSlot> namedSlots() {
        LinkedHashMap<String, TensorSlot> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            Module module = m.getValue();
            for (TensorSlot s : module.parameters.values()) {
                out.put(dotted(m.getKey(), s.name()), s);
            }
            for (TensorSlot s : module.buffers.values()) {
                out.put(dotted(m.getKey(), s.name()), s);
            }
        }
        return out;
    }

    /**
     * @param dottedName a parameter or buffer name relative to this module: {@code weight}, {@code layer1.0.bn2.bias}
     * @return its slot
     * @throws IllegalArgumentException when there is no such parameter or buffer
     */
    public final TensorSlot slot(String dottedName) {
        TensorSlot s = namedSlots().get(dottedName);
        if (s == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected the name of a parameter or"
                    + " buffer, got '" + dottedName + "'");
        }
        return s;
    }

    /**
     * @return every parameter tensor under its dotted name, in state-dict order: PyTorch's
     * {@code named_parameters()}
     */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        return values(namedParameterSlots());
    }

    /** @return every buffer tensor under its dotted name, in state-dict order: PyTorch's {@code named_buffers()} */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        return values(namedBufferSlots());
    }

    /** @return the parameter tensors, in state-dict order */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** @return the number of trainable values: the sum of the parameters' sizes (buffers not counted) */
    public final long parameterCount() {
        long n = 0;
        for (TensorSlot s : namedParameterSlots().values()) {
            n += s.get().numel();
        }
        return n;
    }

    private static LinkedHashMap<String, Tensor> values(Map<String, TensorSlot> slots) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        slots.forEach((k, s) -> out.put(k, s.get()));
        return out;
    }

    static String dotted(String prefix, String name) {
        return prefix.isEmpty() ? name : name.isEmpty() ? prefix : prefix + "." + name;
    }

    // ------------------------------------------------------------------------------------------------ state dict

    /**
     * @return every parameter and buffer under its dotted name, in PyTorch's order. The values are the module's
     * current tensors, detached (not copies, as PyTorch's): a later training forward updates the batch-norm
     * running statistics inside them, and loading or an optimizer step replaces them in the module
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedSlots().forEach((k, s) -> out.put(k, s.get().detach()));
        return out;
    }

    /**
     * Copies the values of a state dict into this module's parameters and buffers (converted to their dtype),
     * PyTorch's {@code load_state_dict}. Nothing is changed unless the whole load succeeds.
     *
     * @param state  values by dotted name
     * @param strict whether keys of this module missing from {@code state}, and keys of {@code state} that this
     *               module does not have, are errors (PyTorch's default is strict)
     * @return the missing and unexpected keys (both empty after a strict load)
     * @throws IllegalArgumentException naming, in one message, the missing and unexpected keys (when strict) and
     *                                  the keys whose shape differs (always): each count, and the first ten keys of
     *                                  each list
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        if (state == null) {
            throw new IllegalArgumentException("loadStateDict: expected a state dict, got null");
        }
        LinkedHashMap<String, TensorSlot> slots = namedSlots();
        LoadResult result = StateDictCheck.check(getClass().getSimpleName(), slots, state, strict);
        for (Map.Entry<String, TensorSlot> e : slots.entrySet()) {
            Tensor v = state.get(e.getKey());
            if (v != null) {
                e.getValue().copyFrom(v);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------ modes, dtype

    /** Switches the subtree to training mode; @return this module */
    public Module train() {
        return train(true);
    }

    /** Switches the subtree to training ({@code true}) or evaluation mode; @return this module */
    public Module train(boolean mode) {
        for (Module m : namedModules().values()) {
            m.training = mode;
        }
        return this;
    }

    /** Switches the subtree to evaluation mode (batch norm uses its running statistics); @return this module */
    public Module eval() {
        return train(false);
    }

    /** @return whether this module is in training mode */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Converts every parameter and buffer of the subtree to {@code dtype} (new leaf tensors; gradients dropped).
     *
     * @return this module
     */
    public Module to(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".to: expected a dtype, got null");
        }
        for (TensorSlot s : namedSlots().values()) {
            s.convert(dtype);
        }
        return this;
    }

    /** @return the dtype of the first parameter or buffer (FLOAT32 for a module that has none) */
    public final DType dtype() {
        for (TensorSlot s : namedSlots().values()) {
            return s.dtype();
        }
        return DType.FLOAT32;
    }

    /** Clears the gradient of every parameter of the subtree. */
    public final void zeroGrad() {
        for (TensorSlot s : namedParameterSlots().values()) {
            s.zeroGrad();
        }
    }

    // ------------------------------------------------------------------------------------------------ init

    /**
     * Re-initialises every module of the subtree with its default rule ({@link #resetOwnParameters}), each
     * parameter from the stream {@link Init#seedFor}{@code (seed, dotted name)}.
     *
     * @return this module
     */
    public Module resetParameters(long seed) {
        return resetParameters(seed, "");
    }

    /**
     * Re-initialises the subtree as {@link #resetParameters(long)} does, as if this module sat at the dotted name
     * {@code prefix} within a larger model: parameter {@code p} of descendant {@code d} draws from the stream
     * {@link Init#seedFor}{@code (seed, prefix.d.p)}, the stream it gets when the whole model is reset.
     *
     * @return this module
     */
    public Module resetParameters(long seed, String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("resetParameters: expected a prefix (\"\" for a root), got null");
        }
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            m.getValue().resetOwnParameters(seed, dotted(prefix, m.getKey()));
        }
        return this;
    }

    /**
     * Re-initialises this module's own parameters and buffers (not its children's) with its default rule; the
     * default does nothing.
     *
     * @param seed   the model's seed
     * @param prefix this module's dotted name within the model ({@code ""} for the root): parameter {@code p}
     *               draws from {@link Init#seedFor}{@code (seed, prefix + "." + p)}
     */
    protected void resetOwnParameters(long seed, String prefix) {}

    /**
     * @param prefix a module's dotted name
     * @param name   a parameter's name in it
     * @return the parameter's dotted name in the model
     */
    protected static String qualified(String prefix, String name) {
        return dotted(prefix, name);
    }

    // ------------------------------------------------------------------------------------------------ printing

    /** @return this module's settings for {@link #toString()} (PyTorch's {@code extra_repr}); empty by default */
    protected String extraRepr() {
        return "";
    }

    /** @return the tree, PyTorch style: {@code Sequential(\n  (0): Conv2d(3, 64, kernel=3, …)\n …)} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb, "");
        return sb.toString();
    }

    private void appendTo(StringBuilder sb, String indent) {
        sb.append(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> c : children.entrySet()) {
                sb.append(indent).append("  (").append(c.getKey()).append("): ");
                c.getValue().appendTo(sb, indent + "  ");
                sb.append('\n');
            }
            sb.append(indent);
        }
        sb.append(')');
    }
}
