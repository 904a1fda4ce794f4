package dev.resvec.core;

import dev.resvec.kernels.Elementwise;

/**
 * Softmax cross-entropy with integer targets, mean over the batch: the log-softmax row kernel, then a plain loop;
 * backward {@code (softmax − onehot)·g/N} (plain loop).
 */
final class CrossEntropy extends Function {
    private final int[] targets;
    private Tensor logProbs;

    CrossEntropy(int[] targets) {
        this.targets = targets.clone();
    }

    @Override
    protected String name() {
        return "crossEntropy";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        if (x.shape.length != 2) {
            throw new IllegalArgumentException("crossEntropy: needs logits of shape (N, C), got " + Shapes.str(x.shape));
        }
        int n = x.shape[0];
        int c = x.shape[1];
        if (targets.length != n) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shapes.str(x.shape) + " need " + n
                    + " targets, got " + targets.length);
        }
        if (n == 0) {
            throw new IllegalArgumentException("crossEntropy: the batch is empty (logits " + Shapes.str(x.shape) + ")");
        }
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= c) {
                throw new IllegalArgumentException("crossEntropy: target " + i + " is " + targets[i]
                        + ", outside the " + c + " classes [0, " + c + ")");
            }
        }
        Tensor lp = x.emptyLike();
        if (x.f != null) {
            Elementwise.logSoftmax(n, c, x.f, 0, c, lp.f, 0, c);
        } else {
            Elementwise.logSoftmax(n, c, x.d, 0, c, lp.d, 0, c);
        }
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss -= lp.at(i * c + targets[i]);
        }
        if (needsInputGrad(0)) {
            logProbs = lp;
        }
        return Tensor.scalar(x.dtype, loss / n);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor lp = logProbs;
        logProbs = null; // backward runs once
        int n = lp.shape[0];
        int c = lp.shape[1];
        double s = g.at(0) / n;
        Tensor gi = lp.emptyLike();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                double p = Math.exp(lp.at(i * c + j));
                gi.set(i * c + j, (j == targets[i] ? p - 1 : p) * s);
            }
        }
        return new Tensor[] {gi};
    }
}
