/**
 * Tensor, the autograd engine and numeric gradient checking: {@link dev.resvec.core.Tensor},
 * {@link dev.resvec.core.Function} (the base of every operation, and of user operations), {@link dev.resvec.core.NoGrad},
 * {@link dev.resvec.core.GradCheck}.
 */
module dev.resvec.core {
    requires transitive dev.resvec.kernels;

    exports dev.resvec.core;
}
