package dev.resvec.core;

import java.util.SplittableRandom;

/**
 * Numeric gradient checking with PyTorch's {@code gradcheck} semantics, and a check that the float32 path agrees
 * with the float64 path of the same computation.
 *
 * <h2>Gradient check</h2>
 * {@link #check(Fn, Tensor...)} compares the Jacobian that backward computes (analytic) with central differences
 * {@code (f(x + eps) − f(x − eps)) / 2eps} (numeric), in float64, element by element:
 * {@code |analytic − numeric| <= atol + rtol·|numeric|}. Defaults: eps = 1e-6, atol = 1e-5, rtol = 1e-3. Only
 * inputs with {@link Tensor#requiresGrad()} are checked (at least one must be); the check works on copies, so the
 * inputs and their gradients are left alone. The inputs must be FLOAT64: a float32 computation is not accurate
 * enough for central differences, and the check says so rather than convert silently.
 * <pre>{@code
 * Tensor x = Tensor.randn(DType.FLOAT64, 1, 3, 4).requiresGrad(true);
 * GradCheckReport r = GradCheck.defaults().check(in -> in[0].exp().sum(1, false), x);
 * r.assertPassed();   // throws an AssertionError with the report: worst element, errors
 * }</pre>
 * The full Jacobian costs one backward per output element and two forwards per input element; the
 * {@link #fast(long) fast mode} instead compares one random projection {@code vᵀJu} per input (one backward, two
 * forwards per input), PyTorch's {@code fast_mode}.
 *
 * <h2>Float32 agreement</h2>
 * {@link #agreement(Fn, Tensor...)} runs the computation twice from the same values, once in FLOAT32 (the SIMD
 * kernels) and once in FLOAT64 (the reference kernels), backpropagates the same random gradient through both, and
 * compares outputs and input gradients: {@code |f32 − f64| <= atol·scale + rtol·|f64|}, where scale is the largest
 * magnitude of the compared quantity (at least 1), defaults atol = 1e-5, rtol = 1e-4.
 *
 * <p>Instances are immutable; the setters return modified copies.
 */
public final class GradCheck {
    /** Default finite-difference step. */
    public static final double DEFAULT_EPS = 1e-6;
    /** Default absolute tolerance of the gradient check. */
    public static final double DEFAULT_ATOL = 1e-5;
    /** Default relative tolerance of the gradient check. */
    public static final double DEFAULT_RTOL = 1e-3;
    /** Default absolute tolerance (times the quantity's scale) of the float32 agreement check. */
    public static final double DEFAULT_AGREEMENT_ATOL = 1e-5;
    /** Default relative tolerance of the float32 agreement check. */
    public static final double DEFAULT_AGREEMENT_RTOL = 1e-4;

    /** The computation under test: inputs to one output tensor. */
    @FunctionalInterface
    public interface Fn {
        /**
         * @param inputs the inputs, in the order given to the check
         * @return the output
         */
        Tensor apply(Tensor... inputs);
    }

    private static final GradCheck DEFAULTS = new GradCheck(DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, false, 0,
            DEFAULT_AGREEMENT_ATOL, DEFAULT_AGREEMENT_RTOL);

    private final double eps;
    private final double atol;
    private final double rtol;
    private final boolean fast;
    private final long seed;
    private final double agreementAtol;
    private final double agreementRtol;

    private GradCheck(double eps, double atol, double rtol, boolean fast, long seed, double agreementAtol,
                      double agreementRtol) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.fast = fast;
        this.seed = seed;
        this.agreementAtol = agreementAtol;
        this.agreementRtol = agreementRtol;
    }

    /** @return the defaults: full Jacobian, eps = 1e-6, atol = 1e-5, rtol = 1e-3 */
    public static GradCheck defaults() {
        return DEFAULTS;
    }

    /** @return a copy with this finite-difference step */
    public GradCheck eps(double eps) {
        return new GradCheck(positive("eps", eps), atol, rtol, fast, seed, agreementAtol, agreementRtol);
    }

    /** @return a copy with this absolute tolerance */
    public GradCheck atol(double atol) {
        return new GradCheck(eps, nonNegative("atol", atol), rtol, fast, seed, agreementAtol, agreementRtol);
    }

    /** @return a copy with this relative tolerance */
    public GradCheck rtol(double rtol) {
        return new GradCheck(eps, atol, nonNegative("rtol", rtol), fast, seed, agreementAtol, agreementRtol);
    }

    /** @return a copy that compares one random projection {@code vᵀJu} per input, drawn from this seed */
    public GradCheck fast(long seed) {
        return new GradCheck(eps, atol, rtol, true, seed, agreementAtol, agreementRtol);
    }

    /** @return a copy with these tolerances for {@link #agreement(Fn, Tensor...)} */
    public GradCheck agreementTolerances(double atol, double rtol) {
        return new GradCheck(eps, this.atol, this.rtol, fast, seed, nonNegative("atol", atol),
                nonNegative("rtol", rtol));
    }

    // ------------------------------------------------------------------------------------------------ gradient check

    /**
     * Checks the gradients of {@code f} at {@code inputs}.
     *
     * @param f      the computation
     * @param inputs FLOAT64 tensors; those with requiresGrad are checked
     * @return the report (pass/fail, worst element, maximum errors)
     * @throws IllegalArgumentException when an input is FLOAT32, or none requires a gradient
     */
    public GradCheckReport check(Fn f, Tensor... inputs) {
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype != DType.FLOAT64) {
                throw new IllegalArgumentException("GradCheck: input " + i + " (shape " + Shapes.str(inputs[i].shape)
                        + ") is FLOAT32, but gradient checks run in float64, where central differences are accurate;"
                        + " convert it with to(DType.FLOAT64) (and requiresGrad(true)), or compare the float32 path"
                        + " with agreement(...)");
            }
            any |= inputs[i].requiresGrad();
        }
        if (!any) {
            throw new IllegalArgumentException("GradCheck: no input requires a gradient; set requiresGrad(true) on"
                    + " the inputs to check");
        }
        Tensor[] work = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            work[i] = new Tensor(inputs[i].shape, inputs[i].d.clone());
        }
        Tensor out0 = evaluate(f, work);
        Tally tally = new Tally(fast ? "gradient check (fast: vᵀJu)" : "gradient check (full Jacobian)", atol, rtol);
        if (fast) {
            checkFast(f, inputs, work, out0, tally);
        } else {
            checkFull(f, inputs, work, out0, tally);
        }
        return tally.report("analytic", "numeric");
    }

    private void checkFull(Fn f, Tensor[] inputs, Tensor[] work, Tensor out0, Tally tally) {
        int nOut = out0.numel;
        double[][][] analytic = new double[inputs.length][][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].requiresGrad()) {
                analytic[i] = new double[nOut][];
            }
        }
        for (int j = 0; j < nOut; j++) { // row j of each Jacobian: backward with the one-hot gradient e_j
            Tensor[] leaves = leaves(inputs);
            Tensor out = f.apply(leaves);
            if (out.requiresGrad()) {
                Tensor e = Tensor.empty(DType.FLOAT64, out.shape);
                e.d[j] = 1;
                out.backward(e);
            }
            for (int i = 0; i < inputs.length; i++) {
                if (analytic[i] != null) {
                    Tensor g = leaves[i].grad();
                    analytic[i][j] = g == null ? new double[inputs[i].numel] : g.d;
                }
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            if (analytic[i] == null) {
                continue;
            }
            double[] x = work[i].d;
            for (int e = 0; e < x.length; e++) { // column e: central differences
                double orig = x[e];
                x[e] = orig + eps;
                double[] plus = evaluate(f, work).d;
                x[e] = orig - eps;
                double[] minus = evaluate(f, work).d;
                x[e] = orig;
                for (int j = 0; j < nOut; j++) {
                    double numeric = (plus[j] - minus[j]) / (2 * eps);
                    double a = analytic[i][j][e];
                    int[] idx = Shapes.unravel(e, inputs[i].shape);
                    int fi = i;
                    int fj = j;
                    tally.add(a, numeric, 1, () -> new GradCheckReport.Element("d out" + index(fj, out0.shape)
                            + " / d input " + fi + java.util.Arrays.toString(idx), fi, idx, fj, a, numeric, 0));
                }
            }
        }
    }

    private void checkFast(Fn f, Tensor[] inputs, Tensor[] work, Tensor out0, Tally tally) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = unitRandom(r, out0.numel);
        double[][] u = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].requiresGrad()) {
                u[i] = unitRandom(r, inputs[i].numel);
            }
        }
        Tensor[] leaves = leaves(inputs);
        Tensor out = f.apply(leaves);
        if (out.requiresGrad()) {
            out.backward(new Tensor(out.shape, v.clone()));
        }
        for (int i = 0; i < inputs.length; i++) {
            if (u[i] == null) {
                continue;
            }
            Tensor g = leaves[i].grad();
            double analytic = g == null ? 0 : dot(g.d, u[i]);
            double[] ui = u[i];
            double[] x = work[i].d;
            double[] orig = x.clone();
            for (int e = 0; e < x.length; e++) {
                x[e] = orig[e] + eps * ui[e];
            }
            double[] plus = evaluate(f, work).d;
            for (int e = 0; e < x.length; e++) {
                x[e] = orig[e] - eps * ui[e];
            }
            double[] minus = evaluate(f, work).d;
            System.arraycopy(orig, 0, x, 0, x.length);
            double sum = 0;
            for (int j = 0; j < v.length; j++) {
                sum += v[j] * (plus[j] - minus[j]) / (2 * eps);
            }
            double numeric = sum;
            int fi = i;
            tally.add(analytic, numeric, 1, () -> new GradCheckReport.Element("vᵀJu of input " + fi, fi, new int[0],
                    -1, analytic, numeric, 0));
        }
    }

    private static Tensor[] leaves(Tensor[] inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = new Tensor(inputs[i].shape, inputs[i].d.clone()).requiresGrad(inputs[i].requiresGrad());
        }
        return leaves;
    }

    private static Tensor evaluate(Fn f, Tensor[] work) {
        Tensor out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = f.apply(work);
        }
        if (out.dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("GradCheck: the computation returned a " + out.dtype + " tensor from"
                    + " FLOAT64 inputs; a gradient check needs the whole computation in float64");
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ agreement

    /**
     * Runs {@code f} in FLOAT32 and in FLOAT64 from the same values (the inputs rounded to float), backpropagates
     * the same random gradient (fixed seed) through both, and compares the outputs and the gradients of the inputs
     * that require one.
     *
     * @param f      the computation (it must keep its inputs' dtype)
     * @param inputs the inputs, of either dtype
     * @return the report; "actual" is the float32 value, "reference" the float64 one
     */
    public GradCheckReport agreement(Fn f, Tensor... inputs) {
        Tensor[] in32 = new Tensor[inputs.length];
        Tensor[] in64 = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            in32[i] = new Tensor(inputs[i].shape, inputs[i].toFloatArray()).requiresGrad(inputs[i].requiresGrad());
            in64[i] = new Tensor(inputs[i].shape, in32[i].toDoubleArray()).requiresGrad(inputs[i].requiresGrad());
        }
        Tensor o32 = f.apply(in32);
        Tensor o64 = f.apply(in64);
        if (o32.dtype != DType.FLOAT32 || o64.dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("GradCheck.agreement: the computation must keep its inputs' dtype, but"
                    + " it returned " + o32.dtype + " from FLOAT32 inputs and " + o64.dtype + " from FLOAT64 inputs");
        }
        Tally tally = new Tally("float32 vs float64 agreement", agreementAtol, agreementRtol);
        compare(tally, "output", -1, o32, o64, o64.shape);
        if (o64.requiresGrad()) {
            SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
            double[] v = new double[o64.numel];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            Tensor v64 = new Tensor(o64.shape, v);
            o32.backward(Cast.convert(v64, DType.FLOAT32));
            o64.backward(v64);
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad()) {
                    Tensor g32 = in32[i].grad() != null ? in32[i].grad() : in32[i].emptyLike();
                    Tensor g64 = in64[i].grad() != null ? in64[i].grad() : in64[i].emptyLike();
                    compare(tally, "gradient of input " + i, i, g32, g64, inputs[i].shape);
                }
            }
        }
        return tally.report("float32", "float64");
    }

    private static void compare(Tally tally, String what, int input, Tensor a, Tensor ref, int[] shape) {
        double scale = 1;
        for (int e = 0; e < ref.numel; e++) {
            scale = Math.max(scale, Math.abs(ref.at(e)));
        }
        for (int e = 0; e < ref.numel; e++) {
            double x = a.at(e);
            double y = ref.at(e);
            int fe = e;
            tally.add(x, y, scale, () -> {
                int[] idx = Shapes.unravel(fe, shape);
                return new GradCheckReport.Element(what + java.util.Arrays.toString(idx), input, idx, -1, x, y, 0);
            });
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Accumulates comparisons: counts, maximum errors, and the worst element (largest error / bound). */
    private static final class Tally {
        final String name;
        final double atol;
        final double rtol;
        long compared;
        long failures;
        double maxAbs;
        double maxRel;
        double worstRatio = -1;
        GradCheckReport.Element worst;

        Tally(String name, double atol, double rtol) {
            this.name = name;
            this.atol = atol;
            this.rtol = rtol;
        }

        void add(double actual, double reference, double scale, java.util.function.Supplier<GradCheckReport.Element> e) {
            compared++;
            double err = Math.abs(actual - reference);
            double bound = atol * scale + rtol * Math.abs(reference);
            boolean ok = err <= bound; // NaN fails
            if (!ok) {
                failures++;
            }
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            maxAbs = Math.max(maxAbs, err);
            if (reference != 0) {
                maxRel = Math.max(maxRel, err / Math.abs(reference));
            }
            double ratio = bound > 0 ? err / bound : (err == 0 ? 0 : Double.POSITIVE_INFINITY);
            if (ratio > worstRatio) {
                worstRatio = ratio;
                GradCheckReport.Element el = e.get();
                worst = new GradCheckReport.Element(el.quantity(), el.input(), el.index(), el.outputIndex(),
                        el.actual(), el.reference(), bound);
            }
        }

        GradCheckReport report(String actualName, String referenceName) {
            return new GradCheckReport(name, actualName, referenceName, atol, rtol, compared, failures, maxAbs, maxRel,
                    worst);
        }
    }

    private static String index(int flat, int[] shape) {
        return java.util.Arrays.toString(Shapes.unravel(flat, shape));
    }

    private static double[] unitRandom(SplittableRandom r, int n) {
        double[] v = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < n && norm > 0; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double positive(String what, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("GradCheck: " + what + " must be > 0, got " + v);
        }
        return v;
    }

    private static double nonNegative(String what, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("GradCheck: " + what + " must be >= 0, got " + v);
        }
        return v;
    }
}
