/**
 * Flat-array SIMD kernels with BLAS-style signatures and their scalar twins.
 *
 * <p>The Vector API is an optional ({@code static}) dependency: where {@code jdk.incubator.vector} is not in the
 * module graph (add it with {@code --add-modules jdk.incubator.vector}), the scalar provider runs instead and one
 * WARN says so. Only {@code dev.resvec.kernels.vector} imports it.
 */
module dev.resvec.kernels {
    requires static jdk.incubator.vector;
    // Read VM options (C2 on? UseFMA?) when present; the provider choice works without them.
    requires static java.management;
    requires static jdk.management;

    exports dev.resvec.kernels;
    // For the JMH benchmarks only: they call Backends.vector()/scalar() directly to compare providers in one JVM.
    exports dev.resvec.kernels.internal to dev.resvec.bench;
    // For FilterGradientBenchmark only: it runs the GEMM and the shifted filter gradient side by side.
    exports dev.resvec.kernels.internal.conv to dev.resvec.bench;
}
