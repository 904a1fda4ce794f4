package dev.resvec.core.testing;

import static dev.resvec.core.testing.PropertySeeds.SEED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The generators keep their promises: bounds, broadcastable pairs, matmul-compatible shapes, values away from 0. */
class GeneratorsTest {

    @Provide
    Arbitrary<int[]> shapes() {
        return TensorArbitraries.shapes(1, 3, 2, 5);
    }

    @Provide
    Arbitrary<int[][]> pairs() {
        return TensorArbitraries.broadcastShapes(0, 4, 3);
    }

    @Provide
    Arbitrary<int[][]> matmuls() {
        return TensorArbitraries.matmulShapes(2, 3, 7);
    }

    @Provide
    Arbitrary<Tensor> kinkFree() {
        return TensorArbitraries.tensors(new int[] {4, 5}, Values.between(-1, 1).awayFromZero(0.25));
    }

    @Property(seed = SEED, tries = 100)
    void shapesRespectBounds(@ForAll("shapes") int[] shape) {
        assertTrue(shape.length >= 1 && shape.length <= 3);
        for (int s : shape) {
            assertTrue(s >= 2 && s <= 5);
        }
    }

    @Property(seed = SEED, tries = 100)
    void broadcastPairsBroadcast(@ForAll("pairs") int[][] p) {
        Tensor a = Tensor.zeros(p[0]);
        Tensor b = Tensor.zeros(p[1]);
        Tensor c = a.add(b); // throws if they do not broadcast
        assertTrue(c.rank() == Math.max(p[0].length, p[1].length));
    }

    @Property(seed = SEED, tries = 100)
    void matmulShapesMultiply(@ForAll("matmuls") int[][] p) {
        Tensor c = Tensor.zeros(p[0]).matmul(Tensor.zeros(p[1]));
        assertEquals(p[0][p[0].length - 2], c.size(-2));
        assertEquals(p[1][p[1].length - 1], c.size(-1));
    }

    @Property(seed = SEED, tries = 100)
    void valuesStayAwayFromTheKink(@ForAll("kinkFree") Tensor t) {
        assertArrayEquals(new int[] {4, 5}, t.shape());
        for (double v : t.toDoubleArray()) {
            assertTrue(Math.abs(v) >= 0.25 && Math.abs(v) <= 1, "value " + v);
            assertEquals(v, (double) (float) v, "values are float-representable");
        }
    }
}
