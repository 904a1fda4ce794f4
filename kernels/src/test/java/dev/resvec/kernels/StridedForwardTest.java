package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The stride-2 layers that run on channel tiles ({@code StridedForward} on the vector provider, the GEMM on the
 * scalar one) give the same bits on 1 and 3 threads (whole images per thread, or one image's blocks of output
 * channels shared out) and with prepared filters: each element is one float chain whatever the split.
 */
class StridedForwardTest {
    @Provide
    Arbitrary<ConvShape> shapes() {
        return ConvShapes.stridedTiles();
    }

    @Property(tries = 40, seed = TestSeeds.SEED)
    void everySplitAndPreparedFiltersGiveTheSameBits(@ForAll("shapes") ConvShape s, @ForAll boolean relu,
                                                     @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, 0, s.inputSize(), 0);
        float[] w = ConvTestSupport.data(rnd, 0, s.filterSize(), 0);
        float[] bias = ConvTestSupport.data(rnd, 0, s.outChannels(), 0);
        float[] res = ConvTestSupport.data(rnd, 0, s.outputSize(), 0);
        ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withResidual(res, 0);
        e = relu ? e.withRelu() : e;
        float[] one = new float[s.outputSize()], three = new float[s.outputSize()];
        float[] prepared = new float[s.outputSize()];
        Convolution.forward(s, ConvAlgorithm.IM2COL_GEMM, in, 0, w, 0, one, 0, e, Parallelism.threads(1));
        Convolution.forward(s, ConvAlgorithm.IM2COL_GEMM, in, 0, w, 0, three, 0, e, Parallelism.threads(3));
        Convolution.prepare(s, ConvAlgorithm.IM2COL_GEMM, w, 0).forward(s.batch(), in, 0, prepared, 0, e,
                Parallelism.threads(2));
        assertArrayEquals(one, three, () -> s + ": 1 against 3 threads");
        assertArrayEquals(one, prepared, () -> s + ": plain against prepared filters");
    }
}
