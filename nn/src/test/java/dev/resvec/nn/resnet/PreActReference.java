package dev.resvec.nn.resnet;

import dev.resvec.nn.Reference;
import java.util.Map;

/**
 * The two pre-activation (v2) units written out in double from their definition (He et al. 2016, "Identity Mappings
 * in Deep Residual Networks", Fig. 4e, with the projection on the activated input as the library documents it):
 * <pre>
 *   p   = relu(bn1(x))
 *   s   = downsample.0(p)  (1×1 convolution with the stride, no BN) when the stride or the width changes, else x
 *   basic:      h = conv2(relu(bn2(conv1(p))))                          3×3, 3×3; the stride on conv1
 *   bottleneck: h = conv3(relu(bn3(conv2(relu(bn2(conv1(p)))))))        1×1, 3×3, 1×1; the stride on conv2
 *   out = h + s                                                         no activation after the addition
 * </pre>
 * Built only from {@link Reference}'s plain loops and the weights of a state dict, never from the library's blocks,
 * layers or kernels, so that it is an oracle for how the blocks wire their layers together. Whether the shortcut
 * projects is decided here from the unit's settings (torchvision's rule), not from the state dict's keys.
 */
final class PreActReference {
    /** An N×C×H×W activation in double. */
    record Act(double[] v, int n, int c, int h, int w) {}

    private static final double EPS = 1e-5; // PyTorch's BatchNorm2d default, which the library's blocks use

    private final Map<String, double[]> state;
    private final boolean batchStatistics;

    /**
     * @param state           the unit's state dict, each value in double
     * @param batchStatistics whether batch norm uses the batch's mean and biased variance (training mode) rather
     *                        than the running statistics (evaluation mode)
     */
    PreActReference(Map<String, double[]> state, boolean batchStatistics) {
        this.state = state;
        this.batchStatistics = batchStatistics;
    }

    Act basic(Act x, int planes, int stride) {
        Act p = relu(bn("bn1", x));
        Act s = shortcut(x, p, planes, stride);
        Act h = conv("conv1", p, planes, 3, stride, 1);
        h = conv("conv2", relu(bn("bn2", h)), planes, 3, 1, 1);
        return add(h, s);
    }

    Act bottleneck(Act x, int planes, int stride) {
        int out = 4 * planes;
        Act p = relu(bn("bn1", x));
        Act s = shortcut(x, p, out, stride);
        Act h = conv("conv1", p, planes, 1, 1, 0);
        h = conv("conv2", relu(bn("bn2", h)), planes, 3, stride, 1);
        h = conv("conv3", relu(bn("bn3", h)), out, 1, 1, 0);
        return add(h, s);
    }

    private Act shortcut(Act x, Act p, int outChannels, int stride) {
        return stride != 1 || x.c() != outChannels ? conv("downsample.0", p, outChannels, 1, stride, 0) : x;
    }

    private Act conv(String name, Act x, int k, int kernel, int stride, int pad) {
        double[] out = Reference.conv2d(x.v(), x.n(), x.c(), x.h(), x.w(), weight(name + ".weight"), k, kernel,
                kernel, null, new int[] {stride, stride}, new int[] {pad, pad}, new int[] {1, 1}, 1);
        return new Act(out, x.n(), k, Reference.outSize(x.h(), kernel, stride, pad, 1),
                Reference.outSize(x.w(), kernel, stride, pad, 1));
    }

    private Act bn(String name, Act x) {
        int hw = x.h() * x.w();
        double[] mean;
        double[] var;
        if (batchStatistics) {
            double[][] stats = Reference.channelStats(x.v(), x.n(), x.c(), hw);
            mean = stats[0];
            var = stats[1];
        } else {
            mean = weight(name + ".running_mean");
            var = weight(name + ".running_var");
        }
        double[] out = Reference.normalise(x.v(), x.n(), x.c(), hw, mean, var, weight(name + ".weight"),
                weight(name + ".bias"), EPS);
        return new Act(out, x.n(), x.c(), x.h(), x.w());
    }

    private static Act relu(Act x) {
        double[] out = x.v().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, out[i]);
        }
        return new Act(out, x.n(), x.c(), x.h(), x.w());
    }

    private static Act add(Act a, Act b) {
        if (a.c() != b.c() || a.h() != b.h() || a.w() != b.w()) {
            throw new IllegalStateException("branch " + a.c() + "×" + a.h() + "×" + a.w() + " vs shortcut " + b.c()
                    + "×" + b.h() + "×" + b.w());
        }
        double[] out = a.v().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b.v()[i];
        }
        return new Act(out, a.n(), a.c(), a.h(), a.w());
    }

    private double[] weight(String key) {
        double[] v = state.get(key);
        if (v == null) {
            throw new IllegalStateException("the state dict has no '" + key + "': " + state.keySet());
        }
        return v;
    }
}
