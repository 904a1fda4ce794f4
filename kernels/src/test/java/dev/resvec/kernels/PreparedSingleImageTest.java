package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.internal.conv.StridedForward;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code AUTO}'s two forms of a 7-wide stride-1 layer ({@link Convolution#prepare}): a call of one image runs
 * {@code IM2COL_GEMM} on channel tiles where those take the layer (the vector provider, more than 64 channels),
 * a call of several images F(2×2,3×3), and each gives the bits of a plain call of the algorithm it runs.
 */
class PreparedSingleImageTest {
    @Property(tries = 12, seed = TestSeeds.SEED)
    void eachBatchRunsItsAlgorithmWithThePlainCallsBits(@ForAll @IntRange(min = 8, max = 20) int channels,
                                                        @ForAll @IntRange(min = 3, max = 4) int outBlocks,
                                                        @ForAll @IntRange(min = 1, max = 3) int images,
                                                        @ForAll boolean residual, @ForAll long seed) {
        ConvShape s = ConvShape.of(1, channels, 7, 7, 32 * outBlocks, 3, 1, 1);
        Random rnd = new Random(seed);
        float[] w = ConvTestSupport.data(rnd, 0, s.filterSize(), 0);
        PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.AUTO, w, 0);
        ConvAlgorithm one = StridedForward.pays(s) ? ConvAlgorithm.IM2COL_GEMM : ConvAlgorithm.WINOGRAD_F2X2_3X3;
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, p.algorithm());
        assertEquals(one, p.algorithm(1));
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, p.algorithm(2));
        ConvShape call = s.withBatch(images);
        float[] in = ConvTestSupport.data(rnd, 0, call.inputSize(), 0);
        float[] bias = ConvTestSupport.data(rnd, 0, s.outChannels(), 0);
        float[] res = ConvTestSupport.data(rnd, 0, call.outputSize(), 0);
        ConvEpilogue e = ConvEpilogue.none().withBias(bias, 0).withRelu();
        e = residual ? e.withResidual(res, 0) : e;
        float[] prepared = new float[call.outputSize()], plain = new float[call.outputSize()];
        p.forward(images, in, 0, prepared, 0, e, Parallelism.threads(2));
        Convolution.forward(call, p.algorithm(images), in, 0, w, 0, plain, 0, e, Parallelism.singleThread());
        assertArrayEquals(plain, prepared, () -> call + " by " + p.algorithm(images));
    }

    @Test
    void narrowLayersAndExplicitAlgorithmsKeepOneForm() {
        ConvShape narrow = ConvShape.of(1, 64, 7, 7, 64, 3, 1, 1), wide = ConvShape.of(1, 8, 7, 7, 96, 3, 1, 1);
        PreparedConvolution p = Convolution.prepare(narrow, ConvAlgorithm.AUTO, new float[narrow.filterSize()], 0);
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, p.algorithm(1), "shifted rows' width: Winograd at batch 1");
        PreparedConvolution q = Convolution.prepare(wide, ConvAlgorithm.WINOGRAD_F2X2_3X3,
                new float[wide.filterSize()], 0);
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, q.algorithm(1), "an explicit algorithm runs at every batch");
    }
}
