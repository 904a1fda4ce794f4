package dev.resvec.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An n-dimensional array with contiguous row-major storage, and a node of the autograd graph.
 *
 * <p>The {@link DType} picks the kernels: {@link DType#FLOAT32} tensors run the Vector API kernels,
 * {@link DType#FLOAT64} tensors the double-precision reference kernels; {@link #to(DType)} converts (and is
 * differentiable). Operands of one operation must have the same dtype.
 *
 * <p>Autograd: a tensor with {@link #requiresGrad(boolean) requiresGrad} set is a leaf whose {@link #grad()} is
 * filled by {@link #backward()}; results of operations on such tensors are non-leaf nodes that remember the
 * operation ({@link Function}). Within a {@link NoGrad} scope nothing is recorded. The graph is released by
 * {@code backward}; a second backward through it throws. Tensors are not thread-safe, but graphs built by different
 * threads are independent.
 *
 * <p>Errors: operations throw {@link IllegalArgumentException} with a message that names the operation and the
 * shapes (or the dim and the rank) involved.
 */
public final class Tensor {
    final DType dtype;
    final int[] shape;
    final int numel;
    /** The storage: exactly one of the two is non-null. */
    final float[] f;
    final double[] d;
    /** The arena scope the storage came from ({@link TensorArena}), or null for storage of its own. */
    private final TensorArena.Lease lease;

    private boolean requiresGrad;
    private Tensor grad;
    private Function creator;

    Tensor(int[] shape, float[] f) {
        this(DType.FLOAT32, shape, f, null, null);
    }

    Tensor(int[] shape, double[] d) {
        this(DType.FLOAT64, shape, null, d, null);
    }

    private Tensor(DType dtype, int[] shape, float[] f, double[] d, TensorArena.Lease lease) {
        this.dtype = dtype;
        this.shape = shape;
        this.numel = Shapes.numel(shape);
        this.f = f;
        this.d = d;
        this.lease = lease;
    }

    /**
     * @return a new zero-filled tensor of this dtype and shape with storage of its own, never from an arena: what
     * the factories use (the shape array is kept: do not modify it)
     */
    static Tensor empty(DType dtype, int[] shape) {
        int n = Shapes.numel(shape);
        return dtype == DType.FLOAT32 ? new Tensor(shape, new float[n]) : new Tensor(shape, new double[n]);
    }

    /**
     * An operation's result whose every element the operation then writes: inside a {@link TensorArena} scope its
     * storage comes from the arena, with undefined contents; elsewhere it is new (and zero).
     *
     * @return a tensor of this dtype and shape (the shape array is kept: do not modify it)
     */
    static Tensor output(DType dtype, int[] shape) {
        TensorArena.Scope scope = TensorArena.current();
        if (scope == null) {
            return empty(dtype, shape);
        }
        int n = Shapes.numel(shape);
        return dtype == DType.FLOAT32 ? new Tensor(dtype, shape, scope.floats(n), null, scope.lease())
                : new Tensor(dtype, shape, null, scope.doubles(n), scope.lease());
    }

    /** @return {@link #output(DType, int[])}, zero-filled: for operations that write only part of their result */
    static Tensor outputZeros(DType dtype, int[] shape) {
        Tensor t = output(dtype, shape);
        if (t.lease != null) {
            if (t.f != null) {
                Arrays.fill(t.f, 0f);
            } else {
                Arrays.fill(t.d, 0.0);
            }
        }
        return t;
    }

    /** @return {@link #outputZeros(DType, int[])} of this tensor's dtype and shape */
    Tensor emptyLike() {
        return outputZeros(dtype, shape);
    }

    /** @return {@link #output(DType, int[])} of this tensor's dtype and shape (undefined contents in an arena) */
    Tensor outputLike() {
        return output(dtype, shape);
    }

    /** @return a tensor that shares this one's storage, with another shape of the same size */
    Tensor withShape(int[] newShape) {
        return new Tensor(dtype, newShape, f, d, lease);
    }

    /** @return a new tensor object on the same storage and shape, with no graph */
    Tensor alias() {
        return new Tensor(dtype, shape, f, d, lease);
    }

    /** @return whether this tensor's storage was recycled when its {@link TensorArena} scope closed */
    public boolean isReleased() {
        return lease != null && lease.released;
    }

    /**
     * @param what the operation about to read this tensor, for the message
     * @throws IllegalStateException when the tensor was released by its arena scope
     */
    void checkLive(String what) {
        if (lease != null && lease.released) {
            throw new IllegalStateException(what + ": the tensor (shape " + Shapes.str(shape) + ") was released "
                    + "when its TensorArena scope closed, and its storage is being reused; read results inside the "
                    + "scope, or copy them (toFloatArray) before it closes");
        }
    }

    double at(int i) {
        return f != null ? f[i] : d[i];
    }

    void set(int i, double v) {
        if (f != null) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }

    void recordCreator(Function fn) {
        this.creator = fn;
        this.requiresGrad = true;
    }

    Function creator() {
        return creator;
    }

    void setGrad(Tensor g) {
        this.grad = g;
    }

    // ------------------------------------------------------------------------------------------------ factories

    /** @return a FLOAT32 tensor of zeros */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** @return a tensor of zeros */
    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, shape.clone());
    }

    /** @return a FLOAT32 tensor of ones */
    public static Tensor ones(int... shape) {
        return full(DType.FLOAT32, 1, shape);
    }

    /** @return a tensor of ones */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1, shape);
    }

    /** @return a FLOAT32 tensor with every element {@code value} */
    public static Tensor full(double value, int... shape) {
        return full(DType.FLOAT32, value, shape);
    }

    /** @return a tensor with every element {@code value} (rounded to float for FLOAT32) */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = empty(dtype, shape.clone());
        if (t.f != null) {
            Arrays.fill(t.f, (float) value);
        } else {
            Arrays.fill(t.d, value);
        }
        return t;
    }

    /** @return a FLOAT32 tensor holding a copy of {@code data}, whose length must be the shape's size */
    public static Tensor fromArray(float[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return new Tensor(shape.clone(), data.clone());
    }

    /** @return a FLOAT64 tensor holding a copy of {@code data}, whose length must be the shape's size */
    public static Tensor fromArray(double[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return new Tensor(shape.clone(), data.clone());
    }

    /** @return a rank-0 tensor holding {@code value} */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, value);
    }

    /** @return the FLOAT32 vector {@code [0, 1, ..., n-1]} */
    public static Tensor arange(int n) {
        return arange(DType.FLOAT32, 0, n, 1);
    }

    /**
     * @return the vector {@code start, start + step, ...} of the values below {@code end} (above it when step is
     * negative), as NumPy's arange
     */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: needs finite start, end and a non-zero step, got start="
                    + start + ", end=" + end + ", step=" + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = empty(dtype, new int[] {n});
        for (int i = 0; i < n; i++) {
            t.set(i, start + i * step);
        }
        return t;
    }

    /** @return a FLOAT32 tensor of values uniform in [0, 1), the same for the same seed */
    public static Tensor rand(long seed, int... shape) {
        return rand(DType.FLOAT32, seed, shape);
    }

    /**
     * @return a tensor of values uniform in [0, 1) drawn from {@link SplittableRandom}{@code (seed)}: the same seed
     * gives the same values (FLOAT32 holds them rounded)
     */
    public static Tensor rand(DType dtype, long seed, int... shape) {
        Tensor t = empty(dtype, shape.clone());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.numel; i++) {
            t.set(i, r.nextDouble());
        }
        return t;
    }

    /** @return a FLOAT32 tensor of standard normal values, the same for the same seed */
    public static Tensor randn(long seed, int... shape) {
        return randn(DType.FLOAT32, seed, shape);
    }

    /**
     * @return a tensor of standard normal values drawn from {@link SplittableRandom}{@code (seed)}: the same seed
     * gives the same values (FLOAT32 holds them rounded)
     */
    public static Tensor randn(DType dtype, long seed, int... shape) {
        Tensor t = empty(dtype, shape.clone());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.numel; i++) {
            t.set(i, r.nextGaussian());
        }
        return t;
    }

    private static void checkLength(String op, int length, int[] shape) {
        int n = Shapes.numel(shape);
        if (n != length) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(shape) + " holds " + n
                    + " elements, but the array has " + length);
        }
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of dims */
    public int rank() {
        return shape.length;
    }

    /** @return the size of one dim (negative dims count from the end) */
    public int size(int dim) {
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    /** @return the number of elements */
    public int numel() {
        return numel;
    }

    /** @return the element at a multi-index (one index per dim) */
    public double get(int... index) {
        checkLive("get");
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank "
                    + shape.length + " (shape " + Shapes.str(shape) + ")");
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for dim " + i
                        + " of size " + shape[i]);
            }
            flat = flat * shape[i] + index[i];
        }
        return at(flat);
    }

    /** @return the value of a one-element tensor */
    public double item() {
        checkLive("item");
        if (numel != 1) {
            throw new IllegalStateException("item: the tensor has " + numel + " elements (shape " + Shapes.str(shape)
                    + "), not one");
        }
        return at(0);
    }

    /** @return a copy of the values, in row-major order, as floats */
    public float[] toFloatArray() {
        checkLive("toFloatArray");
        if (f != null) {
            return f.clone();
        }
        float[] out = new float[numel];
        for (int i = 0; i < numel; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** @return a copy of the values, in row-major order, as doubles */
    public double[] toDoubleArray() {
        checkLive("toDoubleArray");
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[numel];
        for (int i = 0; i < numel; i++) {
            out[i] = f[i];
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ autograd

    /** @return whether gradients flow to this tensor (set on leaves; true for results recorded in a graph) */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf as a parameter whose gradient {@link #backward()} computes.
     *
     * @return this tensor
     * @throws IllegalStateException on a non-leaf (use {@link #detach()} first)
     */
    public Tensor requiresGrad(boolean requiresGrad) {
        if (creator != null) {
            throw new IllegalStateException("requiresGrad can only be changed on a leaf tensor; this one is the result"
                    + " of " + creator.name() + " (detach() it first)");
        }
        this.requiresGrad = requiresGrad;
        return this;
    }

    /** @return whether this tensor is a leaf: created directly, not recorded as the result of an operation */
    public boolean isLeaf() {
        return creator == null;
    }

    /** @return the accumulated gradient of a leaf (null before any backward, and on non-leaf tensors) */
    public Tensor grad() {
        return grad;
    }

    /** Clears the gradient (sets it to null, like PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        grad = null;
    }

    /** @return a tensor on the same storage, outside any graph, that does not require a gradient */
    public Tensor detach() {
        return alias();
    }

    /**
     * Backpropagates from this scalar (one-element) tensor: the same as {@code backward(ones)}.
     *
     * @throws IllegalStateException when this tensor has more than one element, does not require a gradient, or
     * its graph was already released by a previous backward
     */
    public void backward() {
        if (numel != 1) {
            throw new IllegalStateException("backward() needs a one-element tensor, this one has shape "
                    + Shapes.str(shape) + "; pass the gradient: backward(gradient)");
        }
        backward(full(dtype, 1, shape));
    }

    /**
     * Backpropagates {@code gradient} (d loss / d this, of this tensor's shape and dtype): adds d loss / d leaf
     * to the {@link #grad()} of every leaf that requires a gradient, then releases the graph.
     */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient);
    }

    // ------------------------------------------------------------------------------------------------ operations

    /** @return {@code this + other}, NumPy broadcasting (the residual add kernel when the shapes are equal) */
    public Tensor add(Tensor other) {
        return new BinaryOp(BinaryOp.Kind.ADD).apply(this, other);
    }

    /** @return {@code this - other}, NumPy broadcasting */
    public Tensor sub(Tensor other) {
        return new BinaryOp(BinaryOp.Kind.SUB).apply(this, other);
    }

    /** @return {@code this * other} element by element, NumPy broadcasting */
    public Tensor mul(Tensor other) {
        return new BinaryOp(BinaryOp.Kind.MUL).apply(this, other);
    }

    /** @return {@code this / other} element by element, NumPy broadcasting */
    public Tensor div(Tensor other) {
        return new BinaryOp(BinaryOp.Kind.DIV).apply(this, other);
    }

    /** @return {@code this + s} */
    public Tensor add(double s) {
        return new ScalarOp(ScalarOp.Kind.ADD, s).apply(this);
    }

    /** @return {@code this - s} */
    public Tensor sub(double s) {
        return new ScalarOp(ScalarOp.Kind.ADD, -s).apply(this);
    }

    /** @return {@code this * s} */
    public Tensor mul(double s) {
        return new ScalarOp(ScalarOp.Kind.MUL, s).apply(this);
    }

    /** @return {@code this / s} */
    public Tensor div(double s) {
        return new ScalarOp(ScalarOp.Kind.DIV, s).apply(this);
    }

    /** @return {@code -this} */
    public Tensor neg() {
        return new ScalarOp(ScalarOp.Kind.MUL, -1).apply(this);
    }

    /** @return {@code max(this + other, 0)}: the residual add fused with ReLU (equal shapes, no broadcasting) */
    public Tensor addRelu(Tensor other) {
        return new AddRelu().apply(this, other);
    }

    /** @return {@code max(this, 0)} */
    public Tensor relu() {
        return new Relu().apply(this);
    }

    /** @return {@code e^this} element by element */
    public Tensor exp() {
        return new UnaryMath(UnaryMath.Kind.EXP).apply(this);
    }

    /** @return the natural logarithm element by element */
    public Tensor log() {
        return new UnaryMath(UnaryMath.Kind.LOG).apply(this);
    }

    /**
     * Matrix product over the last two dims: {@code (..., m, k) @ (..., k, n) -> (..., m, n)}; the leading (batch)
     * dims broadcast as in NumPy, so a rank-2 operand is shared by every batch. Runs {@code Gemm.sgemm}
     * (FLOAT64: {@code Gemm.dgemm}); backward calls it with transposed operands, copying nothing.
     */
    public Tensor matmul(Tensor other) {
        return new MatMul().apply(this, other);
    }

    /** @return the sum of all elements, a rank-0 tensor */
    public Tensor sum() {
        return new Reduce(false, allDims(), false).apply(this);
    }

    /** @return the sum over one dim (kept with size 1 when {@code keepDim}) */
    public Tensor sum(int dim, boolean keepDim) {
        return new Reduce(false, new int[] {dim}, keepDim).apply(this);
    }

    /** @return the sum over the given dims (kept with size 1 when {@code keepDim}) */
    public Tensor sum(int[] dims, boolean keepDim) {
        return new Reduce(false, dims.clone(), keepDim).apply(this);
    }

    /** @return the mean of all elements, a rank-0 tensor */
    public Tensor mean() {
        return new Reduce(true, allDims(), false).apply(this);
    }

    /** @return the mean over one dim (kept with size 1 when {@code keepDim}) */
    public Tensor mean(int dim, boolean keepDim) {
        return new Reduce(true, new int[] {dim}, keepDim).apply(this);
    }

    /** @return the mean over the given dims (kept with size 1 when {@code keepDim}) */
    public Tensor mean(int[] dims, boolean keepDim) {
        return new Reduce(true, dims.clone(), keepDim).apply(this);
    }

    /** @return the softmax over one dim (the row-softmax kernel; the maximum is subtracted first) */
    public Tensor softmax(int dim) {
        return new Softmax(false, dim).apply(this);
    }

    /** @return the log-softmax over one dim (the row log-softmax kernel) */
    public Tensor logSoftmax(int dim) {
        return new Softmax(true, dim).apply(this);
    }

    /**
     * Softmax cross-entropy of these logits {@code (N, C)} with integer class targets, averaged over the batch:
     * {@code -(1/N) Σ_n logSoftmax(logits)[n, targets[n]]}, a rank-0 tensor. Fused: backward is
     * {@code (softmax - onehot) / N}.
     *
     * @param targets N class indices in {@code [0, C)}
     */
    public Tensor crossEntropy(int[] targets) {
        return new CrossEntropy(targets).apply(this);
    }

    /** @return a view with another shape of the same size (one dim may be -1: inferred); shares the storage */
    public Tensor reshape(int... newShape) {
        return new Reshape(newShape.clone()).apply(this);
    }

    /** @return the same as {@link #reshape(int...)}: storage is always contiguous, so every reshape is a view */
    public Tensor view(int... newShape) {
        return reshape(newShape);
    }

    /** @return this tensor as a vector (a view) */
    public Tensor flatten() {
        return reshape(numel);
    }

    /** @return a view with dims {@code startDim..endDim} (inclusive, negative from the end) merged into one */
    public Tensor flatten(int startDim, int endDim) {
        int rank = Math.max(shape.length, 1);
        int s = Shapes.dim("flatten", startDim, rank);
        int e = Shapes.dim("flatten", endDim, rank);
        if (shape.length == 0) {
            return reshape(1);
        }
        if (s > e) {
            throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim
                    + " for a tensor of rank " + shape.length);
        }
        int[] out = new int[shape.length - (e - s)];
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= shape[i];
        }
        System.arraycopy(shape, 0, out, 0, s);
        out[s] = merged;
        System.arraycopy(shape, e + 1, out, s + 1, shape.length - e - 1);
        return reshape(out);
    }

    /** @return a copy with dims {@code dim0} and {@code dim1} swapped */
    public Tensor transpose(int dim0, int dim1) {
        return new Transpose(dim0, dim1).apply(this);
    }

    /** @return this tensor converted to {@code dtype} (differentiable; this tensor itself when already of it) */
    public Tensor to(DType dtype) {
        if (dtype == this.dtype) {
            return this;
        }
        return new Cast(dtype).apply(this);
    }

    private int[] allDims() {
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        return dims;
    }

    // ------------------------------------------------------------------------------------------------ comparing

    /** @return {@link #allClose(Tensor, double, double)} with NumPy's defaults rtol = 1e-5, atol = 1e-8 */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5, 1e-8);
    }

    /**
     * @return whether {@code |this - other| <= atol + rtol·|other|} element by element (NumPy's {@code allclose},
     * NaN never close); the dtypes may differ
     * @throws IllegalArgumentException when the shapes differ
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        checkLive("allClose");
        other.checkLive("allClose");
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("allClose: shapes " + Shapes.str(shape) + " and "
                    + Shapes.str(other.shape) + " differ");
        }
        for (int i = 0; i < numel; i++) {
            double a = at(i);
            double b = other.at(i);
            if (a == b) {
                continue; // equal infinities
            }
            if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
                return false;
            }
        }
        return true;
    }

    /** @return the values (all of them up to 1000 elements), the dtype, and the autograd state */
    @Override
    public String toString() {
        if (isReleased()) {
            return "Tensor(shape " + Shapes.str(shape) + ", " + dtype + ", released by its TensorArena scope)";
        }
        return TensorFormat.format(this, creator == null ? null : creator.name());
    }
}
