/** Tensor, the autograd engine and numeric gradient checking (see issue "core"). */
module dev.resvec.core {
    requires transitive dev.resvec.kernels;
}
