package dev.resvec.bench.report.run;

/**
 * Floating-point operations of one image through the networks of the report, counted as PyTorch FLOP counters do:
 * 2 × the multiply-accumulates of the convolutions and the fully connected layer (batch norm, ReLU, pooling and the
 * residual adds are a percent or two and are left out). For the effective GFLOP/s of the inference and training
 * rows; a training step counts 3 forwards (the forward, and each layer's two gradients, each as costly).
 *
 * <p>The layouts are torchvision's ResNet v1.5 (stride on the bottleneck's 3×3) and ResVec's CIFAR ResNet (He et
 * al. 2015 §4.2 with 1×1 conv projection shortcuts): torchvision's resnet18 is 1.814 G multiply-accumulates per
 * 224×224 image, resnet50 4.089 G.
 */
public final class ModelFlops {
    private ModelFlops() {}

    /**
     * @param model {@code resnet18}, {@code resnet34}, {@code resnet50}, {@code resnet101}, {@code resnet152}
     *              (224×224, 1000 classes) or {@code resnet20} (CIFAR, 32×32, 10 classes)
     * @return FLOP of one image's forward pass
     * @throws IllegalArgumentException for another model
     */
    public static double forward(String model) {
        return 2 * switch (model) {
            case "resnet18" -> imagenet(new int[] {2, 2, 2, 2}, false);
            case "resnet34" -> imagenet(new int[] {3, 4, 6, 3}, false);
            case "resnet50" -> imagenet(new int[] {3, 4, 6, 3}, true);
            case "resnet101" -> imagenet(new int[] {3, 4, 23, 3}, true);
            case "resnet152" -> imagenet(new int[] {3, 8, 36, 3}, true);
            case "resnet20" -> cifar(3);
            default -> throw new IllegalArgumentException("no FLOP count for model '" + model + "'");
        };
    }

    /** @return multiply-accumulates of a convolution with an out×out output */
    static double conv(int in, int outChannels, int kernel, int out) {
        return (double) out * out * outChannels * in * kernel * kernel;
    }

    private static double imagenet(int[] blocks, boolean bottleneck) {
        double macs = conv(3, 64, 7, 112); // stem, then a 3×3/2 max pool to 56×56
        int size = 56;
        int in = 64;
        int expansion = bottleneck ? 4 : 1;
        for (int stage = 0; stage < 4; stage++) {
            int planes = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int out = size / stride;
                if (bottleneck) {
                    macs += conv(in, planes, 1, size) + conv(planes, planes, 3, out) + conv(planes, planes * 4, 1, out);
                } else {
                    macs += conv(in, planes, 3, out) + conv(planes, planes, 3, out);
                }
                if (stride != 1 || in != planes * expansion) {
                    macs += conv(in, planes * expansion, 1, out); // the downsample projection
                }
                in = planes * expansion;
                size = out;
            }
        }
        return macs + (double) in * 1000;
    }

    private static double cifar(int n) {
        double macs = conv(3, 16, 3, 32);
        int size = 32;
        int in = 16;
        for (int stage = 0; stage < 3; stage++) {
            int planes = 16 << stage;
            for (int b = 0; b < n; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int out = size / stride;
                macs += conv(in, planes, 3, out) + conv(planes, planes, 3, out);
                if (stride != 1 || in != planes) {
                    macs += conv(in, planes, 1, out);
                }
                in = planes;
                size = out;
            }
        }
        return macs + in * 10.0;
    }
}
