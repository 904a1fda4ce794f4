package dev.resvec.core.testing;

import dev.resvec.core.Function;
import dev.resvec.core.GradCheck;
import dev.resvec.core.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The README's "gradient-check your own op" example, kept compiling and passing. */
class ReadmeExampleTest {

    /** x³, a user-defined operation. */
    static final class Cube extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return in[0].mul(in[0]).mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = savedTensors()[0];
            return new Tensor[] {g.mul(x).mul(x).mul(3)};
        }
    }

    @Provide
    Arbitrary<Tensor> inputs() {
        return TensorArbitraries.tensors(TensorArbitraries.shapes(0, 3, 1, 4), Values.between(-2, 2));
    }

    @Property(tries = 50, seed = "42")
    void cubeGradient(@ForAll("inputs") Tensor x) {
        x.requiresGrad(true);
        GradCheck.defaults().check(in -> new Cube().apply(in[0]), x).assertPassed();     // float64, numeric
        GradCheck.defaults().agreement(in -> new Cube().apply(in[0]), x).assertPassed(); // float32 vs float64
    }
}
