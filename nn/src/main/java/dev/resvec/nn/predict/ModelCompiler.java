package dev.resvec.nn.predict;

import dev.resvec.nn.AdaptiveAvgPool2d;
import dev.resvec.nn.AvgPool2d;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Flatten;
import dev.resvec.nn.Identity;
import dev.resvec.nn.Linear;
import dev.resvec.nn.MaxPool2d;
import dev.resvec.nn.Module;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Sequential;
import dev.resvec.nn.resnet.BasicBlock;
import dev.resvec.nn.resnet.Bottleneck;
import dev.resvec.nn.resnet.PreActBasicBlock;
import dev.resvec.nn.resnet.PreActBottleneck;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResidualBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a module tree into a {@link Program}: the eval-mode function of the model, with batch norm folded and
 * activations and residual adds fused.
 *
 * <p>The tree is first flattened into a sequence of layers (a {@link Sequential} or a {@link ResNet} is its
 * children in order, a ResNet with the flatten before {@code fc} that its forward does); residual units stay whole.
 * The sequence is then matched greedily:
 * <ul>
 *   <li>{@code Conv2d [BatchNorm2d] [ReLU]}: one convolution, the batch norm folded into its filters and bias,
 *       the ReLU in its epilogue;</li>
 *   <li>{@code BatchNorm2d [ReLU]} with no convolution before it: a per-channel affine pass (+ ReLU);</li>
 *   <li>{@code Linear [ReLU]} (after a flatten): a GEMM with the bias (and ReLU) in its epilogue;</li>
 *   <li>{@code ReLU}, {@code MaxPool2d}, {@code AvgPool2d}, {@code AdaptiveAvgPool2d}: one pass each;
 *       {@code Flatten} (dims 1 to the last) and {@code Identity}: nothing (NCHW is already flat per image);</li>
 *   <li>ResNet units, by their documented structure (see {@link #basic} and {@link #preAct}).</li>
 * </ul>
 * Any other module is an error naming it: the predictor computes only what it understands.
 */
final class ModelCompiler {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Integer> valueChannels = new ArrayList<>();
    private int current;
    private boolean flat;
    private int inputChannels = -1;

    private ModelCompiler() {
        valueChannels.add(-1); // the input: channels fixed by the first layer that needs them
    }

    /**
     * @param model the model (its current parameters and running statistics are copied; its mode is ignored:
     *              the result always computes the eval-mode function)
     * @return the compiled program
     * @throws IllegalArgumentException for a module the predictor does not support, or inconsistent layers
     */
    static Program compile(Module model) {
        if (model == null) {
            throw new IllegalArgumentException("Predictor: expected a model, got null");
        }
        ModelCompiler c = new ModelCompiler();
        List<Layer> layers = new ArrayList<>();
        expand("", model, layers);
        c.sequence(layers);
        if (c.inputChannels < 0) {
            throw new IllegalArgumentException("Predictor: cannot tell the input channels of " + nameOf(model)
                    + ": it has no convolution or batch norm before its first flatten");
        }
        if (c.current == 0) {
            c.nodes.add(new CopyNode("(identity)", c.current, c.newValue(c.channelsOf(c.current))));
        }
        return new Program(nameOf(model), c.nodes, c.valueChannels.size(), c.inputChannels, c.flat);
    }

    private static String nameOf(Module model) {
        return model instanceof ResNet r ? r.name() : model.getClass().getSimpleName();
    }

    /** A module at its dotted path. */
    private record Layer(String path, Module module) {}

    private static void expand(String path, Module m, List<Layer> out) {
        if (m instanceof Sequential || m instanceof ResNet) {
            for (Map.Entry<String, Module> e : m.children().entrySet()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (m instanceof ResNet && e.getKey().equals("fc")) {
                    out.add(new Layer(child + "(flatten)", new Flatten())); // ResNet.forward flattens before fc
                }
                expand(child, e.getValue(), out);
            }
        } else {
            out.add(new Layer(path.isEmpty() ? "(root)" : path, m));
        }
    }

    private void sequence(List<Layer> layers) {
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Module next = i + 1 < layers.size() ? layers.get(i + 1).module() : null;
            switch (l.module()) {
                case Conv2d conv -> {
                    BatchNorm2d bn = next instanceof BatchNorm2d b ? b : null;
                    String bnPath = bn != null ? layers.get(++i).path() : null;
                    boolean relu = i + 1 < layers.size() && layers.get(i + 1).module() instanceof ReLU;
                    i += relu ? 1 : 0;
                    current = conv(l.path(), conv, bnPath, bn, relu, current, -1);
                }
                case BatchNorm2d bn -> {
                    boolean relu = next instanceof ReLU;
                    i += relu ? 1 : 0;
                    current = affine(l.path(), bn, relu, current);
                }
                case Linear fc -> {
                    boolean relu = next instanceof ReLU;
                    i += relu ? 1 : 0;
                    current = linear(l.path(), fc, relu);
                }
                case ReLU r -> current = add(new ReluNode(l.path(), current, newValue(channelsOf(current))));
                case MaxPool2d p -> current = pool(l.path(), true, p.kernel(), p.stride(), p.padding(), true);
                case AvgPool2d p -> current = pool(l.path(), false, p.kernel(), p.stride(), p.padding(),
                        p.countIncludePad());
                case AdaptiveAvgPool2d g -> {
                    requireSpatial(l.path());
                    current = add(new GlobalAvgNode(l.path(), current, newValue(channelsOf(current))));
                }
                case Flatten f -> flatten(l.path(), f);
                case Identity id -> { }
                case ResidualBlock block -> current = block(l.path(), block);
                default -> throw new IllegalArgumentException("Predictor: unsupported module '" + l.path() + "' ("
                        + l.module().getClass().getName() + "); supported: Sequential, Conv2d, BatchNorm2d, ReLU,"
                        + " MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Identity, Linear and the ResNet"
                        + " units");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ residual units

    private int block(String path, ResidualBlock block) {
        requireSpatial(path);
        requireChannels(path, current, block.inChannels());
        return switch (block) {
            case BasicBlock b -> basic(path, b, false);
            case Bottleneck b -> basic(path, b, true);
            case PreActBasicBlock b -> preAct(path, b, false);
            case PreActBottleneck b -> preAct(path, b, true);
        };
    }

    /**
     * A post-activation (v1) unit: every convolution absorbs the batch norm after it; the ReLUs inside the branch
     * go into their convolution's epilogue; the shortcut (the input, or the projection with its folded BN) is the
     * residual of the branch's last convolution, whose epilogue then applies the unit's final ReLU: the whole
     * {@code relu(bn(conv(h)) + shortcut)} is one convolution.
     */
    private int basic(String path, ResidualBlock b, boolean bottleneck) {
        int x = current;
        int h = conv(path + ".conv1", child(b, path, "conv1", Conv2d.class), path + ".bn1",
                child(b, path, "bn1", BatchNorm2d.class), true, x, -1);
        if (bottleneck) {
            h = conv(path + ".conv2", child(b, path, "conv2", Conv2d.class), path + ".bn2",
                    child(b, path, "bn2", BatchNorm2d.class), true, h, -1);
        }
        int shortcut = x;
        if (b.downsample() != null) {
            shortcut = conv(path + ".downsample.0", (Conv2d) b.downsample().get(0), path + ".downsample.1",
                    (BatchNorm2d) b.downsample().get(1), false, x, -1);
        }
        String last = bottleneck ? "3" : "2";
        return conv(path + ".conv" + last, child(b, path, "conv" + last, Conv2d.class), path + ".bn" + last,
                child(b, path, "bn" + last, BatchNorm2d.class), true, h, shortcut);
    }

    /**
     * A pre-activation (v2) unit, {@code p = relu(bn1(x))}, {@code out = branch(p) + shortcut}. The batch norms
     * inside the branch follow a convolution and fold into it. {@code bn1} cannot: the convolution before it (the
     * previous unit's last) produces the raw sum {@code x} that this unit's identity shortcut must carry
     * unnormalised, and the ReLU between {@code bn1} and {@code conv1} stops it folding forward. So {@code bn1} +
     * ReLU is one per-channel affine pass; the add is the residual in the epilogue of the last convolution (no
     * ReLU: v2 has none after the addition).
     */
    private int preAct(String path, ResidualBlock b, boolean bottleneck) {
        int x = current;
        int p = affine(path + ".bn1", child(b, path, "bn1", BatchNorm2d.class), true, x);
        int shortcut = x;
        if (b.downsample() != null) {
            shortcut = conv(path + ".downsample.0", (Conv2d) b.downsample().get(0), null, null, false, p, -1);
        }
        int h = conv(path + ".conv1", child(b, path, "conv1", Conv2d.class), path + ".bn2",
                child(b, path, "bn2", BatchNorm2d.class), true, p, -1);
        if (bottleneck) {
            h = conv(path + ".conv2", child(b, path, "conv2", Conv2d.class), path + ".bn3",
                    child(b, path, "bn3", BatchNorm2d.class), true, h, -1);
        }
        String last = bottleneck ? "conv3" : "conv2";
        return conv(path + "." + last, child(b, path, last, Conv2d.class), null, null, false, h, shortcut);
    }

    private static <M extends Module> M child(Module block, String path, String name, Class<M> type) {
        Module m = block.children().get(name);
        if (!type.isInstance(m)) {
            throw new IllegalArgumentException("Predictor: expected '" + path + "." + name + "' to be a "
                    + type.getSimpleName() + ", got " + (m == null ? "nothing" : m.getClass().getSimpleName()));
        }
        return type.cast(m);
    }

    // ------------------------------------------------------------------------------------------------ nodes

    private int conv(String path, Conv2d conv, String bnPath, BatchNorm2d bn, boolean relu, int input,
                     int residual) {
        requireSpatial(path);
        requireChannels(path, input, conv.inChannels());
        Folding.FoldedConv f = Folding.conv(path, conv, bn, bnPath);
        String name = bn == null ? path : path + "+" + bnPath.substring(bnPath.lastIndexOf('.') + 1);
        return add(new ConvNode(name, input, newValue(conv.outChannels()), residual, conv.inChannels(),
                conv.outChannels(), conv.kernelSize(), conv.stride(), conv.padding(), conv.dilation(), conv.groups(),
                f.weight(), f.bias(), relu));
    }

    private int affine(String path, BatchNorm2d bn, boolean relu, int input) {
        requireSpatial(path);
        requireChannels(path, input, bn.numFeatures());
        Folding.Affine a = Folding.affine(path, bn);
        return add(new AffineNode(path, input, newValue(bn.numFeatures()), a.scale(), a.shift(), relu));
    }

    private int linear(String path, Linear fc, boolean relu) {
        if (!flat) {
            throw new IllegalArgumentException("Predictor: layer '" + path + "' (Linear) needs a flattened input;"
                    + " put a Flatten before it");
        }
        Folding.FoldedConv f = Folding.linear(fc);
        return add(new LinearNode(path, current, newValue(fc.outFeatures()), fc.inFeatures(), fc.outFeatures(),
                f.weight(), f.bias(), relu));
    }

    private int pool(String path, boolean max, int kernel, int stride, int padding, boolean countIncludePad) {
        requireSpatial(path);
        return add(new PoolNode(path, current, newValue(channelsOf(current)), max, kernel, stride, padding,
                countIncludePad));
    }

    private void flatten(String path, Flatten f) {
        if (f.startDim() != 1 || (f.endDim() != -1 && f.endDim() != 3)) {
            throw new IllegalArgumentException("Predictor: layer '" + path + "' flattens dims " + f.startDim()
                    + ".." + f.endDim() + "; only Flatten(1, -1) (each image to a vector) is supported");
        }
        flat = true;
    }

    private void requireSpatial(String path) {
        if (flat) {
            throw new IllegalArgumentException("Predictor: layer '" + path + "' needs N×C×H×W input, but the"
                    + " activation was flattened before it");
        }
    }

    private void requireChannels(String path, int value, int expected) {
        int have = channelsOf(value);
        if (have < 0) {
            // The first layer that needs channels fixes the input's; every value still unknown came from the input
            // through channel-preserving layers (ReLU, pooling), so it has them too.
            inputChannels = expected;
            for (int v = 0; v < valueChannels.size(); v++) {
                if (valueChannels.get(v) < 0) {
                    valueChannels.set(v, expected);
                }
            }
        } else if (have != expected) {
            throw new IllegalArgumentException("Predictor: layer '" + path + "' expects " + expected
                    + " input channels, but the layer before it gives " + have);
        }
    }

    private int channelsOf(int value) {
        return valueChannels.get(value);
    }

    private int newValue(int channels) {
        valueChannels.add(channels);
        return valueChannels.size() - 1;
    }

    private int add(Node n) {
        nodes.add(n);
        return n.output();
    }
}
