package dev.resvec.nn;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.util.Arrays;

/**
 * One named tensor of a {@link Module}: a trainable parameter or a buffer (running statistics, counters).
 *
 * <p>A slot holds the tensor rather than the module holding it directly because {@link Tensor} has no public
 * in-place write: loading a state dict, converting the dtype, (re)initialising or an optimizer step put a new
 * tensor into the slot. Hold on to the slot, not to the tensor, when the value must stay current (an optimizer
 * iterates {@link Module#namedParameterSlots()}). The exception is the running statistics of batch norm, which the
 * training forward updates in place inside the buffer's tensor.
 *
 * <p>The shape of a slot is fixed when it is registered; its dtype follows {@link Module#to(DType)}.
 */
public final class TensorSlot {
    /** What a slot holds. */
    public enum Kind {
        /** A trainable tensor: a leaf with {@code requiresGrad}, listed by {@link Module#parameters()}. */
        PARAMETER,
        /** State that is saved and loaded but not trained: {@code running_mean}, {@code num_batches_tracked}. */
        BUFFER
    }

    private final String name;
    private final Kind kind;
    private final int[] shape;
    private Tensor value;

    TensorSlot(String name, Kind kind, Tensor initial) {
        this.name = name;
        this.kind = kind;
        this.shape = initial.shape();
        this.value = initial;
    }

    /** @return the name within the owning module (no dots): {@code weight}, {@code running_var} */
    public String name() {
        return name;
    }

    /** @return parameter or buffer */
    public Kind kind() {
        return kind;
    }

    /** @return a copy of the fixed shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the dtype of the current tensor */
    public DType dtype() {
        return value.dtype();
    }

    /** @return the current tensor (the same object until the slot is set again) */
    public Tensor get() {
        return value;
    }

    /**
     * Puts this very tensor into the slot (no copy, its {@code requiresGrad} flag left as it is): what a numeric
     * gradient check does to run the model on its own leaves, or an optimizer with a freshly computed leaf.
     *
     * @throws IllegalArgumentException when the shape or the dtype differs from the slot's
     */
    public void set(Tensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException(describe() + ": expected a tensor of shape " + Arrays.toString(shape)
                    + ", got null");
        }
        if (!Arrays.equals(shape, tensor.shape())) {
            throw new IllegalArgumentException(describe() + ": expected shape " + Arrays.toString(shape) + ", got "
                    + Arrays.toString(tensor.shape()));
        }
        if (tensor.dtype() != value.dtype()) {
            throw new IllegalArgumentException(describe() + ": expected dtype " + value.dtype() + ", got "
                    + tensor.dtype() + " (convert the module with to(DType) first)");
        }
        value = tensor;
    }

    /**
     * Puts a copy of {@code source}'s values into the slot as a new leaf of the slot's dtype (converted when the
     * source's differs), with {@code requiresGrad} for a parameter. The source is never aliased.
     *
     * @throws IllegalArgumentException when the shape differs from the slot's
     */
    public void copyFrom(Tensor source) {
        if (source == null || !Arrays.equals(shape, source.shape())) {
            throw new IllegalArgumentException(describe() + ": expected values of shape " + Arrays.toString(shape)
                    + ", got " + (source == null ? "null" : Arrays.toString(source.shape())));
        }
        value = fresh(source, value.dtype());
    }

    /** Converts the held tensor to {@code dtype} (a new leaf; nothing when it already has it). */
    void convert(DType dtype) {
        if (value.dtype() != dtype) {
            value = fresh(value, dtype);
        }
    }

    /** A new leaf built from copied arrays (not through {@code Tensor.to}, which would record a graph node). */
    private Tensor fresh(Tensor source, DType dtype) {
        Tensor copy = dtype == DType.FLOAT32
                ? Tensor.fromArray(source.toFloatArray(), shape)
                : Tensor.fromArray(source.toDoubleArray(), shape);
        return kind == Kind.PARAMETER ? copy.requiresGrad(true) : copy;
    }

    /** Clears the gradient of the held tensor. */
    void zeroGrad() {
        value.zeroGrad();
    }

    private String describe() {
        return (kind == Kind.PARAMETER ? "parameter '" : "buffer '") + name + "'";
    }

    /** @return the kind, name, shape and dtype */
    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " " + Arrays.toString(shape) + " "
                + value.dtype();
    }
}
