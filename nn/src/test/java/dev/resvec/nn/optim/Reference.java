package dev.resvec.nn.optim;

/**
 * The optimizers' algorithms written out element by element from PyTorch's documentation, in double, as the
 * tests' oracle: independent of the classes under test (no kernels, no shared code).
 */
final class Reference {
    private Reference() {}

    /**
     * torch.optim.SGD, https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (the algorithm box), for one
     * parameter over {@code grads.length} steps.
     */
    static double[] sgd(double[] theta0, double[][] grads, double lr, double momentum, double dampening,
                        boolean nesterov, double weightDecay) {
        double[] theta = theta0.clone();
        double[] b = new double[theta.length];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < theta.length; i++) {
                double g = grads[t - 1][i];
                if (weightDecay != 0) {
                    g = g + weightDecay * theta[i];
                }
                if (momentum != 0) {
                    if (t > 1) {
                        b[i] = momentum * b[i] + (1 - dampening) * g;
                    } else {
                        b[i] = g;
                    }
                    if (nesterov) {
                        g = g + momentum * b[i];
                    } else {
                        g = b[i];
                    }
                }
                theta[i] = theta[i] - lr * g;
            }
        }
        return theta;
    }

    /**
     * torch.optim.AdamW, https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (the algorithm box);
     * with AMSGrad as PyTorch's implementation computes it (the maximum of the raw second moments, divided by the
     * current bias correction: {@code torch/optim/adam.py}, {@code _single_tensor_adam}).
     */
    static double[] adamw(double[] theta0, double[][] grads, double lr, double beta1, double beta2, double eps,
                          double weightDecay, boolean amsgrad) {
        double[] theta = theta0.clone();
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        double[] vMax = new double[theta.length];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < theta.length; i++) {
                double g = grads[t - 1][i];
                theta[i] = theta[i] - lr * weightDecay * theta[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat;
                if (amsgrad) {
                    vMax[i] = Math.max(vMax[i], v[i]);
                    vHat = vMax[i] / (1 - Math.pow(beta2, t));
                } else {
                    vHat = v[i] / (1 - Math.pow(beta2, t));
                }
                theta[i] = theta[i] - lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return theta;
    }
}
