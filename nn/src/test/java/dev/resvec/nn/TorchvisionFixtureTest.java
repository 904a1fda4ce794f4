package dev.resvec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.NoGrad;
import dev.resvec.core.Tensor;
import dev.resvec.nn.io.SafeTensors;
import dev.resvec.nn.io.SafeTensorsContent;
import dev.resvec.nn.io.SafeTensorsDType;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State dicts saved from torchvision's ResNet, loaded as they are, give PyTorch's logits (issue 5, "Checkpoints").
 *
 * <p>The fixtures in {@code src/test/resources/fixtures/torchvision} were made by
 * {@code src/test/python/make_torchvision_fixtures.py} (PyTorch 1.13, torchvision 0.14; see its docstring and the
 * README beside the fixtures): a v1 basic model (the {@code resnet18} layout at base width 4) and a v1 bottleneck
 * model ({@code resnet50} at base width 2), 10 classes, random weights with random batch-norm affine parameters and
 * running statistics, and a batch of two 41×53 images. For each, {@code <name>.safetensors} is the state dict as
 * torchvision's {@code state_dict()} gives it (int64 {@code num_batches_tracked} included) and
 * {@code <name>.io.safetensors} holds the input, PyTorch's float32 logits in eval mode, and PyTorch's logits with
 * the same model and input in float64. No Python is needed to run this test.
 *
 * <p><b>Tolerance</b>, the "1e-4 relative", made precise as the max-norm relative error over the whole
 * logits tensor: {@code max_i |resvec_i − pytorch_i| / max_i |pytorch_i| ≤ 1e-4}. Normalising by the largest logit
 * rather than element by element, because a logit near zero has a relative error that means nothing (it is the
 * difference of larger sums); the per-element figure with a floor is in the failure message. PyTorch's own
 * float32 logits differ from its float64 ones by 1.6e-6 (resnet18_w4) and 1.7e-5 (resnet50_w2) in this measure.
 * In float64 the check is much tighter ({@value #TOLERANCE_F64}): ResVec's double-precision model against
 * PyTorch's double-precision run, the same weights and input, so any difference of semantics would show far
 * above rounding.
 */
class TorchvisionFixtureTest {

    /** The tolerance: max |a − b| / max |b| over the logits, float32 against PyTorch's float32. */
    static final double TOLERANCE = 1e-4;
    /** Float64 against PyTorch's float64 run. */
    static final double TOLERANCE_F64 = 1e-10;

    /** The committed fixtures and the ResVec model of the same layout. */
    enum Fixture {
        RESNET18_W4("resnet18_w4", 18, 4),
        RESNET50_W2("resnet50_w2", 50, 2);

        final String file;
        final int depth;
        final int width;

        Fixture(String file, int depth, int width) {
            this.file = file;
            this.depth = depth;
            this.width = width;
        }

        ResNet model() {
            return ResNets.resnet(depth, 10, ResNetOptions.defaults().baseWidth(width).seed(99));
        }

        Path stateFile() {
            return resource(file + ".safetensors");
        }

        Map<String, Tensor> io() throws IOException {
            return SafeTensors.read(resource(file + ".io.safetensors"));
        }
    }

    private static Path resource(String name) {
        String path = "/fixtures/torchvision/" + name;
        URL url = TorchvisionFixtureTest.class.getResource(path);
        if (url == null) {
            throw new AssertionError("missing test resource " + path + " (src/test/resources" + path
                    + "; made by src/test/python/make_torchvision_fixtures.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the fixture's model in eval mode with the file's state dict loaded (strict, as it is) */
    private static ResNet loaded(Fixture f, DType dtype) throws IOException {
        ResNet m = f.model();
        m.to(dtype);
        Map<String, Tensor> state = SafeTensors.read(f.stateFile(), dtype);
        LoadResult r = m.loadStateDict(state, true);
        assertTrue(r.isExact(), f.file + ": " + r);
        m.eval();
        return m;
    }

    private static Tensor logits(Module m, Tensor input) {
        try (NoGrad ignored = NoGrad.enter()) {
            return m.apply(input);
        }
    }

    /** @return max_i |actual_i − expected_i| / max_i |expected_i| */
    static double relativeError(Tensor actual, Tensor expected) {
        assertArrayEquals(expected.shape(), actual.shape(), "logits shape");
        double[] a = actual.toDoubleArray();
        double[] b = expected.toDoubleArray();
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxAbs = Math.max(maxAbs, Math.abs(b[i]));
        }
        return maxDiff / maxAbs;
    }

    /** A table of both logits tensors, element by element, for a failure message. */
    static String table(Tensor actual, Tensor expected) {
        double[] a = actual.toDoubleArray();
        double[] b = expected.toDoubleArray();
        int classes = expected.size(1);
        double maxAbs = 0;
        for (double v : b) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        StringBuilder sb = new StringBuilder(
                "\n  image class        ResVec       PyTorch     |diff|  |diff|/max(|PyTorch|, 1e-3·max)");
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sb.append(String.format(Locale.ROOT, "%n  %5d %5d %13.7f %13.7f %10.3g %10.3g", i / classes, i % classes,
                    a[i], b[i], d, d / Math.max(Math.abs(b[i]), 1e-3 * maxAbs)));
        }
        return sb.toString();
    }

    private static void assertClose(String what, Tensor actual, Tensor expected, double tolerance) {
        double rel = relativeError(actual, expected);
        System.out.printf(Locale.ROOT, "%s: max |ResVec - PyTorch| / max |PyTorch| = %.3g (tolerance %.0g)%n", what,
                rel, tolerance);
        assertTrue(rel <= tolerance, () -> String.format(Locale.ROOT,
                "%s: ResVec's logits differ from PyTorch's by %.3g relative (max |diff| / max |PyTorch|), more than"
                + " the tolerance %.0g:%s", what, rel, tolerance, table(actual, expected)));
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void float32LogitsMatchPyTorch(Fixture f) throws IOException {
        Map<String, Tensor> io = f.io();
        ResNet m = loaded(f, DType.FLOAT32);
        Tensor input = io.get("input");
        assertEquals(DType.FLOAT32, input.dtype());
        Tensor out = logits(m, input);
        assertEquals(DType.FLOAT32, out.dtype());
        System.out.printf(Locale.ROOT, "%s float32 against PyTorch's float64 run: ResVec %.3g, PyTorch %.3g%n",
                f.file, relativeError(out, io.get("logits_f64")), relativeError(io.get("logits"), io.get("logits_f64")));
        assertClose(f.file + " float32", out, io.get("logits"), TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void float64LogitsMatchPyTorchsFloat64Run(Fixture f) throws IOException {
        Map<String, Tensor> io = f.io();
        ResNet m = loaded(f, DType.FLOAT64);
        Tensor out = logits(m, io.get("input").to(DType.FLOAT64)); // float → double is exact, as in PyTorch
        assertEquals(DType.FLOAT64, out.dtype());
        assertClose(f.file + " float64", out, io.get("logits_f64"), TOLERANCE_F64);
    }

    /**
     * Full-size torchvision models, not committed (47 MB and 102 MB): made with {@code make_torchvision_fixtures.py
     * --full [--depth 50] [--from-pth resnet18-f37072fd.pth] --out DIR} and checked with
     * {@code ./mvnw verify -pl nn -am -Dresvec.excludedGroups= -Dresvec.torchvisionFull=DIR} (a missing file fails).
     * Tagged {@code torchvision-full}, a group the build excludes by default (rather than a test skipped in every
     * run): the files are not in the repository.
     */
    @ParameterizedTest
    @ValueSource(ints = {18, 50})
    @Tag("torchvision-full")
    void fullSizeTorchvisionModelsMatchPyTorch(int depth) throws IOException {
        String property = System.getProperty("resvec.torchvisionFull");
        assertTrue(property != null && !property.isBlank(),
                "set -Dresvec.torchvisionFull=DIR (the directory of make_torchvision_fixtures.py --full)");
        Path dir = Path.of(property);
        String name = "resnet" + depth + "_full";
        ResNet m = ResNets.resnet(depth, 1000);
        LoadResult r = m.loadStateDict(SafeTensors.read(dir.resolve(name + ".safetensors"), DType.FLOAT32), true);
        assertTrue(r.isExact(), name + ": " + r);
        m.eval();
        Map<String, Tensor> io = SafeTensors.read(dir.resolve(name + ".io.safetensors"));
        assertClose(name + " float32", logits(m, io.get("input")), io.get("logits"), TOLERANCE);
    }

    /** The files are what torchvision writes: every key of the ResVec model, int64 num_batches_tracked. */
    @ParameterizedTest
    @EnumSource(Fixture.class)
    void fileHoldsTorchvisionsKeysAndDtypes(Fixture f) throws IOException {
        SafeTensorsContent content = SafeTensors.load(f.stateFile());
        assertEquals(f.model().stateDict().keySet(), content.tensors().keySet(), f.file);
        content.tensors().keySet().forEach(k -> assertEquals(
                k.endsWith("num_batches_tracked") ? SafeTensorsDType.I64 : SafeTensorsDType.F32,
                content.storedDTypes().get(k), k));
        assertEquals(3.0, content.tensors().get("layer1.0.bn1.num_batches_tracked").item(), "3 calibration batches");
    }

    /**
     * The check can fail: one weight changed by a little (one element of a convolution deep in the network, one
     * running variance, one element of the fc weight), and the logits no longer match.
     */
    @ParameterizedTest
    @EnumSource(Fixture.class)
    void aPerturbedWeightIsCaught(Fixture f) throws IOException {
        Map<String, Tensor> io = f.io();
        String lastConv = f.depth == 18 ? "layer4.1.conv2.weight" : "layer4.2.conv3.weight";
        for (String key : new String[] {"layer3.0.conv1.weight", lastConv, "layer2.0.downsample.1.running_var",
            "fc.weight"}) {
            Map<String, Tensor> state = new LinkedHashMap<>(SafeTensors.read(f.stateFile(), DType.FLOAT32));
            float[] values = state.get(key).toFloatArray();
            values[values.length / 2] *= 1.05f; // 5 % on one element
            state.put(key, Tensor.fromArray(values, state.get(key).shape()));
            ResNet m = f.model();
            m.loadStateDict(state, true);
            m.eval();
            double rel = relativeError(logits(m, io.get("input")), io.get("logits"));
            System.out.printf(Locale.ROOT, "%s, %s[%d] * 1.05: relative error %.3g%n", f.file, key,
                    values.length / 2, rel);
            assertTrue(rel > TOLERANCE, f.file + ": 5 % on one element of " + key + " moved the logits by only "
                    + rel + " relative, within the tolerance " + TOLERANCE);
        }
    }
}
