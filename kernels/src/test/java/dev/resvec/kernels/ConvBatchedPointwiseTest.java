package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.resvec.kernels.internal.PackedPanels;
import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The pre-packed 1×1 stride-1 forward pass over a batch, which multiplies groups of images as one GEMM where the
 * planes are small, gives every output the bits of the same convolution run image by image, for every thread count
 * (the groups follow the thread count), with a separate residual or none. Input channels up to 700 take several
 * depth blocks of the GEMM; planes from 1 pixel up split the register tile's strips across images.
 */
class ConvBatchedPointwiseTest {
    @Provide
    Arbitrary<Integer> inChannels() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 70), Arbitraries.integers().between(300, 700));
    }

    @Property(tries = 30, seed = TestSeeds.SEED)
    void batchedProductsGiveTheImageByImageBits(@ForAll @IntRange(min = 2, max = 5) int batch,
                                                @ForAll @IntRange(min = 1, max = 12) int height,
                                                @ForAll @IntRange(min = 1, max = 12) int width,
                                                @ForAll("inChannels") int channels,
                                                @ForAll @IntRange(min = 1, max = 70) int outChannels,
                                                @ForAll boolean withBias, @ForAll boolean withResidual,
                                                @ForAll boolean relu, @ForAll @IntRange(max = 13) int offIn,
                                                @ForAll @IntRange(max = 13) int offOut, @ForAll long seed) {
        ConvShape s = new ConvShape(batch, channels, height, width, outChannels, 1, 1, 1, 1, 0, 0, 1, 1, 1);
        int plane = height * width, inImage = channels * plane, outImage = outChannels * plane;
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, offIn, s.inputSize(), 2);
        float[] w = ConvTestSupport.data(rnd, 0, s.filterSize(), 0);
        float[] bias = withBias ? ConvTestSupport.data(rnd, 1, outChannels, 0) : null;
        float[] res = withResidual ? ConvTestSupport.data(rnd, 3, s.outputSize(), 0) : null;
        for (ConvContext context : ConvTestSupport.contexts()) {
            PackedPanels[] filters = GemmConvolution.packFilters(context, s, w, 0);
            float[] expected = new float[offOut + s.outputSize()];
            for (int n = 0; n < batch; n++) {
                GemmConvolution.forward(context, s.withBatch(1), ConvAlgorithm.POINTWISE_GEMM, in,
                        offIn + n * inImage, filters, null, expected, offOut + n * outImage,
                        epilogue(bias, res, 3 + n * outImage, relu), Parallelism.singleThread());
            }
            for (int threads = 1; threads <= 3; threads++) {
                float[] out = new float[offOut + s.outputSize()];
                GemmConvolution.forward(context, s, ConvAlgorithm.POINTWISE_GEMM, in, offIn, filters, null, out,
                        offOut, epilogue(bias, res, 3, relu), Parallelism.threads(threads));
                assertArrayEquals(expected, out, () -> s + " on " + ConvTestSupport.describe(context)
                        + ", bias " + withBias + ", residual " + withResidual + ", relu " + relu + ": batch of "
                        + batch + " against image by image");
            }
        }
    }

    private static ConvEpilogue epilogue(float[] bias, float[] res, int offRes, boolean relu) {
        ConvEpilogue e = ConvEpilogue.none();
        if (bias != null) {
            e = e.withBias(bias, 1);
        }
        if (res != null) {
            e = e.withResidual(res, offRes);
        }
        return relu ? e.withRelu() : e;
    }
}
