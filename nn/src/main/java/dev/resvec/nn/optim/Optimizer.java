package dev.resvec.nn.optim;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.Module;
import dev.resvec.nn.TensorSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the optimizers: updates every parameter of a model from its gradient, PyTorch's
 * {@code torch.optim.Optimizer} with one parameter group.
 *
 * <p>The optimizer holds the model's parameter <em>slots</em> ({@link Module#namedParameterSlots()}), not the
 * tensors: {@link Tensor} has no public in-place write, so {@link #step()} computes each updated parameter into a
 * new leaf tensor (of the parameter's dtype, with {@code requiresGrad}) and puts it into the slot. A tensor taken
 * from the model before a step therefore keeps the old values; take it from the model again.
 *
 * <p>A parameter whose gradient is null (not reached by the last backward) is skipped, its state untouched, as in
 * PyTorch. Parameters of FLOAT32 models are updated through the float kernels and keep float state; FLOAT64 models
 * through the double kernels. When the model is converted ({@link Module#to(DType)}) between steps, the state is
 * converted with it at the next step.
 *
 * <p>The learning rate is the optimizer's, settable between steps ({@link #setLr(double)}): learning-rate
 * schedules ({@link LrSchedule}) set it.
 *
 * <p>Not thread-safe; one thread trains a model.
 */
public abstract sealed class Optimizer permits SGD, AdamW {
    private final String name;
    private final LinkedHashMap<String, TensorSlot> params;
    private final List<String> bufferNames;
    private Map<String, ParamState> states = new HashMap<>();
    private double lr;
    private long steps;

    Optimizer(String name, Module model, double lr, List<String> bufferNames) {
        this.name = name;
        if (model == null) {
            throw new IllegalArgumentException(name + ": expected a model, got null");
        }
        this.params = model.namedParameterSlots();
        if (params.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected a model with parameters, got "
                    + model.getClass().getSimpleName() + " with none");
        }
        this.bufferNames = List.copyOf(bufferNames);
        setLr(lr);
    }

    /** @return the current learning rate */
    public final double lr() {
        return lr;
    }

    /**
     * Sets the learning rate of the next steps (what a schedule does between epochs or batches).
     *
     * @param lr a finite rate {@code >= 0}
     * @throws IllegalArgumentException otherwise
     */
    public final void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(name + ": expected a finite learning rate >= 0, got " + lr);
        }
        this.lr = lr;
    }

    /** @return how many times {@link #step()} has run */
    public final long stepCount() {
        return steps;
    }

    /** @return the dotted names of the parameters this optimizer updates, in the model's state-dict order */
    public final List<String> parameterNames() {
        return new ArrayList<>(params.keySet());
    }

    /** Clears the gradient of every parameter (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (TensorSlot slot : params.values()) {
            slot.get().zeroGrad();
        }
    }

    /**
     * Updates every parameter that has a gradient and puts the result into its slot as a new leaf with
     * {@code requiresGrad} (and no gradient: the step also clears the gradients).
     *
     * @throws IllegalStateException when a gradient's shape or dtype differs from its parameter's
     */
    public final void step() {
        for (Map.Entry<String, TensorSlot> e : params.entrySet()) {
            TensorSlot slot = e.getValue();
            Tensor p = slot.get();
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (g.dtype() != p.dtype() || !Arrays.equals(g.shape(), p.shape())) {
                throw new IllegalStateException(name + ": parameter '" + e.getKey() + "' is " + p.dtype() + " "
                        + Arrays.toString(p.shape()) + " but its gradient is " + g.dtype() + " "
                        + Arrays.toString(g.shape()));
            }
            ParamState s = states.computeIfAbsent(e.getKey(),
                    k -> new ParamState(bufferNames.size(), p.numel(), p.dtype()));
            s.convert(p.dtype());
            s.step++;
            Tensor updated;
            if (p.dtype() == DType.FLOAT32) {
                float[] values = p.toFloatArray();
                update(values, g.toFloatArray(), s);
                updated = Tensor.fromArray(values, p.shape());
            } else {
                double[] values = p.toDoubleArray();
                update(values, g.toDoubleArray(), s);
                updated = Tensor.fromArray(values, p.shape());
            }
            slot.set(updated.requiresGrad(true));
        }
        steps++;
    }

    /**
     * Updates one FLOAT32 parameter in place.
     *
     * @param p the parameter's values, updated in place
     * @param g a private copy of the gradient (may be overwritten)
     * @param s the parameter's state, FLOAT32, its step count already incremented (1 at the first update)
     */
    abstract void update(float[] p, float[] g, ParamState s);

    /** The FLOAT64 twin of {@link #update(float[], float[], ParamState)}. */
    abstract void update(double[] p, double[] g, ParamState s);

    /** @return whether the per-parameter step count is part of the state dict (AdamW's bias correction) */
    abstract boolean savesStepCount();

    /**
     * Checks a loaded parameter state for consistency (AdamW needs both moments and the step count together).
     *
     * @throws IllegalArgumentException naming what is missing
     */
    abstract void checkLoaded(String param, ParamState s);

    /** @return the optimizer's name, for messages */
    final String name() {
        return name;
    }

    // ------------------------------------------------------------------------------------------------ state dict

    /**
     * @return the optimizer's per-parameter state as tensors, in parameter order: {@code <param>.<buffer>} (PyTorch's
     * buffer names: {@code momentum_buffer}; {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq}), each a
     * copy of the parameter's shape and dtype, and for AdamW {@code <param>.step}, a FLOAT64 scalar. Parameters not
     * yet stepped have no entries. Hyperparameters are not included: they are the constructor's.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorSlot> e : params.entrySet()) {
            ParamState s = states.get(e.getKey());
            if (s == null) {
                continue;
            }
            int[] shape = e.getValue().shape();
            for (int i = 0; i < bufferNames.size(); i++) {
                if (!s.has(i)) {
                    continue;
                }
                Tensor t = s.dtype() == DType.FLOAT32
                        ? Tensor.fromArray(s.f(i), shape)
                        : Tensor.fromArray(s.d(i), shape);
                out.put(e.getKey() + "." + bufferNames.get(i), t);
            }
            if (savesStepCount()) {
                out.put(e.getKey() + ".step", Tensor.scalar(DType.FLOAT64, s.step));
            }
        }
        return out;
    }

    /**
     * Replaces the optimizer's state with one saved by {@link #stateDict()} (values copied, converted to each
     * parameter's current dtype). Nothing changes unless the whole state loads.
     *
     * @throws IllegalArgumentException naming every key that names no parameter or no buffer of this optimizer,
     *                                  a shape that differs from the parameter's, or an incomplete state
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        if (state == null) {
            throw new IllegalArgumentException(name + ".loadStateDict: expected a state dict, got null");
        }
        Map<String, ParamState> loaded = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String param = dot < 0 ? "" : key.substring(0, dot);
            String buffer = key.substring(dot + 1);
            TensorSlot slot = params.get(param);
            int index = bufferNames.indexOf(buffer);
            boolean isStep = savesStepCount() && buffer.equals("step");
            if (slot == null || (index < 0 && !isStep) || e.getValue() == null) {
                unexpected.add(key);
                continue;
            }
            Tensor t = e.getValue();
            int[] expected = isStep ? new int[0] : slot.shape();
            if (!Arrays.equals(expected, t.shape())) {
                misShaped.add(key + " (expected " + Arrays.toString(expected) + ", got "
                        + Arrays.toString(t.shape()) + ")");
                continue;
            }
            DType dtype = slot.dtype();
            int size = slot.get().numel();
            ParamState s = loaded.computeIfAbsent(param, k -> new ParamState(bufferNames.size(), size, dtype));
            if (isStep) {
                double v = t.item();
                if (!(v >= 0) || v != Math.rint(v)) {
                    misShaped.add(key + " (expected a whole step count >= 0, got " + v + ")");
                }
                s.step = (long) v;
            } else if (dtype == DType.FLOAT32) {
                s.set(index, t.toFloatArray());
            } else {
                s.set(index, t.toDoubleArray());
            }
        }
        if (!unexpected.isEmpty() || !misShaped.isEmpty()) {
            throw new IllegalArgumentException(name + ".loadStateDict: expected keys <parameter>.<"
                    + String.join("|", bufferNames) + (savesStepCount() ? "|step" : "") + "> of the model's "
                    + "parameters with their shapes; unexpected keys " + unexpected + ", wrong shapes " + misShaped);
        }
        for (Map.Entry<String, ParamState> e : loaded.entrySet()) {
            checkLoaded(e.getKey(), e.getValue());
        }
        states = loaded;
    }
}
