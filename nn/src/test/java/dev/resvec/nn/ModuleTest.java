package dev.resvec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module tree: registration, names, modes, dtype conversion, gradients. */
class ModuleTest {

    /** A module with one of everything, registered in a known order. */
    static final class Custom extends Module {
        Custom() {
            registerParameter("w", Tensor.ones(2, 3));
            registerBuffer("count", Tensor.zeros());
            registerModule("inner", new Sequential(new Linear(3, 2), new ReLU()));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }

        void register(String name) {
            registerParameter(name, Tensor.zeros(1));
        }
    }

    @Test
    void stateDictOrderIsOwnParametersThenBuffersThenChildren() {
        Custom c = new Custom();
        assertEquals(List.of("w", "count", "inner.0.weight", "inner.0.bias"), List.copyOf(c.stateDict().keySet()));
        assertEquals(List.of("w", "inner.0.weight", "inner.0.bias"), List.copyOf(c.namedParameters().keySet()));
        assertEquals(List.of("count"), List.copyOf(c.namedBuffers().keySet()));
        assertEquals(List.of("", "inner", "inner.0", "inner.1"), List.copyOf(c.namedModules().keySet()));
        assertEquals(6 + 6 + 2, c.parameterCount());
        assertEquals(3, c.parameters().size());
        assertTrue(c.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Test
    void sequentialNamesItsChildrenByPosition() {
        Sequential s = new Sequential(new Conv2d(3, 4, 1, 1, 0, false), new BatchNorm2d(4), new Identity());
        assertEquals(List.of("0", "1", "2"), List.copyOf(s.children().keySet()));
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked"), List.copyOf(s.stateDict().keySet()));
        assertEquals(3, s.size());
        assertSame(s.get(1), s.children().get("1"));
        assertThrows(IllegalArgumentException.class, () -> s.get(3));
        assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null));
    }

    @Test
    void badNamesAreRejected() {
        Custom c = new Custom();
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> c.register("w"));
        assertTrue(dup.getMessage().contains("'w' is already registered"), dup.getMessage());
        IllegalArgumentException dot = assertThrows(IllegalArgumentException.class, () -> c.register("a.b"));
        assertTrue(dot.getMessage().contains("without dots, got 'a.b'"), dot.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.register(""));
        IllegalArgumentException slot = assertThrows(IllegalArgumentException.class, () -> c.slot("inner.5.weight"));
        assertTrue(slot.getMessage().contains("got 'inner.5.weight'"), slot.getMessage());
    }

    @Test
    void trainAndEvalReachEveryModule() {
        ResNet m = ResNets.resnet18(10, ResNetOptions.defaults().baseWidth(4));
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining), "created in training mode");
        assertSame(m, m.eval());
        assertTrue(m.namedModules().values().stream().noneMatch(Module::isTraining));
        m.train();
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining));
        m.train(false);
        assertTrue(m.namedModules().values().stream().noneMatch(Module::isTraining));
    }

    @Test
    void toFloat64ConvertsEveryParameterAndBuffer() {
        ResNet m = ResNets.preActResNet18(10, ResNetOptions.defaults().baseWidth(4).seed(3));
        Map<String, Tensor> before = m.stateDict();
        assertEquals(DType.FLOAT32, m.dtype());
        assertSame(m, m.to(DType.FLOAT64));
        assertEquals(DType.FLOAT64, m.dtype());
        for (Map.Entry<String, TensorSlot> e : m.namedSlots().entrySet()) {
            Tensor t = e.getValue().get();
            assertEquals(DType.FLOAT64, t.dtype(), e.getKey());
            assertArrayEquals(before.get(e.getKey()).toDoubleArray(), t.toDoubleArray(), e.getKey());
            assertTrue(t.isLeaf(), e.getKey());
            assertEquals(e.getValue().kind() == TensorSlot.Kind.PARAMETER, t.requiresGrad(), e.getKey());
        }
        m.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, m.slot("bn.num_batches_tracked").dtype());
        assertThrows(IllegalArgumentException.class, () -> m.to(null));
    }

    @Test
    void zeroGradClearsEveryParameterGradient() {
        Linear l = new Linear(3, 2);
        l.apply(Tensor.ones(4, 3)).sum().backward();
        assertTrue(l.weight().get().grad() != null && l.bias().get().grad() != null);
        l.zeroGrad();
        assertNull(l.weight().get().grad());
        assertNull(l.bias().get().grad());
    }

    @Test
    void slotsCheckShapeAndDtype() {
        Linear l = new Linear(3, 2);
        TensorSlot w = l.weight();
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> w.set(Tensor.zeros(3, 2)));
        assertTrue(shape.getMessage().contains("expected shape [2, 3], got [3, 2]"), shape.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> w.set(Tensor.zeros(DType.FLOAT64, 2, 3)));
        assertTrue(dtype.getMessage().contains("expected dtype FLOAT32, got FLOAT64"), dtype.getMessage());
        Tensor mine = Tensor.zeros(2, 3);
        w.set(mine);
        assertSame(mine, w.get());
        assertThrows(IllegalArgumentException.class, () -> w.copyFrom(Tensor.zeros(6)));
        assertThrows(IllegalArgumentException.class, () -> l.apply(null));
    }

    @Test
    void toStringShowsTheTree() {
        String s = new Sequential(new Conv2d(3, 8, 3, 2, 1, false), new BatchNorm2d(8), new ReLU()).toString();
        assertTrue(s.startsWith("Sequential(\n  (0): Conv2d(3, 8, kernel=3, stride=2, padding=1, bias=false)\n"
                + "  (1): BatchNorm2d(8, eps=1.0E-5, momentum=0.1)\n  (2): ReLU()\n)"), s);
    }

    @Test
    void layerArgumentsAreValidated() {
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(6, 4, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 4,
                        false));
        assertTrue(g.getMessage().contains("groups > 0 dividing in=6 and out=4, got groups=4"), g.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(0, 4, 3, 1, 1, false));
        assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 4, new int[] {3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(4, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(2));
        assertTrue(a.getMessage().contains("expected output size 1"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3));
        IllegalArgumentException in = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 4, 3, 1, 1, false).apply(Tensor.zeros(1, 4, 8, 8)));
        assertTrue(in.getMessage().contains("expected an N×3×H×W input, got shape [1, 4, 8, 8]"), in.getMessage());
        IllegalArgumentException bn = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm2d(4).apply(Tensor.zeros(2, 4)));
        assertTrue(bn.getMessage().contains("expected an N×4×H×W input, got shape [2, 4]"), bn.getMessage());
        IllegalArgumentException lin = assertThrows(IllegalArgumentException.class,
                () -> new Linear(3, 2).apply(Tensor.zeros(2, 4)));
        assertTrue(lin.getMessage().contains("last dim is 3, got shape [2, 4]"), lin.getMessage());
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2d(3, 2, 1).apply(Tensor.zeros(2, 4)));
        assertTrue(pool.getMessage().contains("expected an N×C×H×W input, got shape [2, 4]"), pool.getMessage());
    }

    @Test
    void factoriesValidateTheirArguments() {
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> ResNets.resnet(19, 10));
        assertTrue(d.getMessage().contains("expected a depth in [18, 34, 50, 101, 152], got 19"), d.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> ResNets.cifarResNet(21, 10));
        assertTrue(c.getMessage().contains("6n + 2"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResNets.cifarResNet(2, 10));
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> ResNets.cifarResNet(20, 0));
        assertTrue(k.getMessage().contains("positive number of classes, got 0"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResNetOptions.defaults().baseWidth(-1));
    }
}
