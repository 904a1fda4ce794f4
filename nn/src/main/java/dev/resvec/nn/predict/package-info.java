/**
 * Inference: {@link dev.resvec.nn.predict.Predictor} compiles a trained model (a ResNet, or a tree of the
 * supported layers) into an immutable plan, batch norm folded into the convolutions, filters prepared once,
 * activations and residual adds fused into the convolutions' epilogues, and runs it from many threads at once
 * with per-thread scratch buffers and bitwise the same results for every thread count.
 */
package dev.resvec.nn.predict;
