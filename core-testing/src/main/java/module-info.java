/**
 * jqwik generators for tests of code built on {@code dev.resvec.core}: shapes, broadcasting shape pairs, matmul
 * shapes and tensors with value ranges (see {@link dev.resvec.core.testing.TensorArbitraries}). Depend on it in
 * test scope.
 */
module dev.resvec.core.testing {
    requires transitive dev.resvec.core;
    requires transitive net.jqwik.api;

    exports dev.resvec.core.testing;
}
