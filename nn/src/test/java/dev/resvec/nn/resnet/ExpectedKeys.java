package dev.resvec.nn.resnet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state-dict keys and shapes a ResNet must have, written out from the rules of the issue and of torchvision's
 * {@code resnet.py} (not from the module code): the oracle of the key tests. Its parameter totals are checked
 * against torchvision's published counts, which validates this generator itself.
 */
final class ExpectedKeys {
    private ExpectedKeys() {}

    /** v1 (post-activation), torchvision's order: conv1, bn1, layer1…, fc. */
    static LinkedHashMap<String, int[]> v1(int[] blocks, boolean bottleneck, boolean imagenetStem, int w,
                                           int classes) {
        LinkedHashMap<String, int[]> k = new LinkedHashMap<>();
        int stemKernel = imagenetStem ? 7 : 3;
        k.put("conv1.weight", new int[] {w, 3, stemKernel, stemKernel});
        bn(k, "bn1", w);
        int in = w;
        for (int s = 0; s < blocks.length; s++) {
            int planes = w * (1 << s);
            int out = bottleneck ? 4 * planes : planes;
            for (int j = 0; j < blocks[s]; j++) {
                int stride = s > 0 && j == 0 ? 2 : 1;
                String p = "layer" + (s + 1) + "." + j + ".";
                if (bottleneck) {
                    k.put(p + "conv1.weight", new int[] {planes, in, 1, 1});
                    bn(k, p + "bn1", planes);
                    k.put(p + "conv2.weight", new int[] {planes, planes, 3, 3});
                    bn(k, p + "bn2", planes);
                    k.put(p + "conv3.weight", new int[] {out, planes, 1, 1});
                    bn(k, p + "bn3", out);
                } else {
                    k.put(p + "conv1.weight", new int[] {planes, in, 3, 3});
                    bn(k, p + "bn1", planes);
                    k.put(p + "conv2.weight", new int[] {planes, planes, 3, 3});
                    bn(k, p + "bn2", planes);
                }
                if (stride != 1 || in != out) {
                    k.put(p + "downsample.0.weight", new int[] {out, in, 1, 1});
                    bn(k, p + "downsample.1", out);
                }
                in = out;
            }
        }
        k.put("fc.weight", new int[] {classes, in});
        k.put("fc.bias", new int[] {classes});
        return k;
    }

    /** v2 (pre-activation), the layout: conv1, layerK.J.{bn1, conv1, bn2, conv2[, bn3, conv3]}, bn, fc. */
    static LinkedHashMap<String, int[]> v2(int[] blocks, boolean bottleneck, boolean imagenetStem, int w,
                                           int classes) {
        LinkedHashMap<String, int[]> k = new LinkedHashMap<>();
        int stemKernel = imagenetStem ? 7 : 3;
        k.put("conv1.weight", new int[] {w, 3, stemKernel, stemKernel});
        int in = w;
        for (int s = 0; s < blocks.length; s++) {
            int planes = w * (1 << s);
            int out = bottleneck ? 4 * planes : planes;
            for (int j = 0; j < blocks[s]; j++) {
                int stride = s > 0 && j == 0 ? 2 : 1;
                String p = "layer" + (s + 1) + "." + j + ".";
                bn(k, p + "bn1", in);
                if (bottleneck) {
                    k.put(p + "conv1.weight", new int[] {planes, in, 1, 1});
                    bn(k, p + "bn2", planes);
                    k.put(p + "conv2.weight", new int[] {planes, planes, 3, 3});
                    bn(k, p + "bn3", planes);
                    k.put(p + "conv3.weight", new int[] {out, planes, 1, 1});
                } else {
                    k.put(p + "conv1.weight", new int[] {planes, in, 3, 3});
                    bn(k, p + "bn2", planes);
                    k.put(p + "conv2.weight", new int[] {planes, planes, 3, 3});
                }
                if (stride != 1 || in != out) {
                    k.put(p + "downsample.0.weight", new int[] {out, in, 1, 1});
                }
                in = out;
            }
        }
        bn(k, "bn", in);
        k.put("fc.weight", new int[] {classes, in});
        k.put("fc.bias", new int[] {classes});
        return k;
    }

    private static void bn(Map<String, int[]> k, String name, int c) {
        k.put(name + ".weight", new int[] {c});
        k.put(name + ".bias", new int[] {c});
        k.put(name + ".running_mean", new int[] {c});
        k.put(name + ".running_var", new int[] {c});
        k.put(name + ".num_batches_tracked", new int[0]);
    }

    /** @return the number of trainable values: every entry but the BN buffers */
    static long parameterCount(Map<String, int[]> keys) {
        long n = 0;
        for (Map.Entry<String, int[]> e : keys.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(".running_mean") || key.endsWith(".running_var")
                    || key.endsWith(".num_batches_tracked")) {
                continue;
            }
            long size = 1;
            for (int d : e.getValue()) {
                size *= d;
            }
            n += size;
        }
        return n;
    }

    static int[] imagenetBlocks(int depth) {
        return switch (depth) { // He et al. 2015, Table 1
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            case 152 -> new int[] {3, 8, 36, 3};
            default -> throw new AssertionError(depth);
        };
    }
}
