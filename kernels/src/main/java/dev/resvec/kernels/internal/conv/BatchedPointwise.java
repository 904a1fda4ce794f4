package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.internal.PackedPanels;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pre-packed forward pass of a 1×1 stride-1 convolution over several images as one GEMM,
 * {@code W · [in_n | in_n+1 | …]}, where one image's plane is small (ResNet-50's stages at 28×28, 14×14 and 7×7):
 * the filters are then streamed from memory once per group of images rather than once per image, and the register
 * tile's columns run on across images instead of ending half empty at each image's edge (AVX-512, 8×32 tile: 196
 * pixels are 6.125 strips, 49 pixels 1.5). The images' columns are gathered where they lie
 * ({@link ColumnIndex#batchedPointwise}), the product goes to per-thread scratch, and the epilogue writes it out
 * image by image: sum, then bias, residual, ReLU, the GEMM write-back's order, so with a separate residual (or none)
 * every output has the bits of the image-by-image path. A residual that is the output itself is added there first
 * (beta = 1) and here after the sum: the same value up to rounding.
 *
 * <p>Measured on the 2-vCPU Zen 5 (AVX-512), batch 8, the two paths alternating in one JVM (bias, residual and ReLU
 * on): over ResNet-50's 1×1 stride-1 layers at 7×7 to 28×28 (one of each), 57.9 → 52.7 ms on 1 thread and 29.4 →
 * 27.4 ms on 2; 1024→256 at 14×14 6.25 → 5.38 ms on 1 thread. In the network (`resvec profile --arch resnet50
 * --batch 8`), these layers took 10 % less time on 1 thread and 5 % on 2, against the network's other 1×1 layers.
 * The one layer that lost (2048→512 at 7×7, 4 %) has 49-pixel planes that the image-by-image path multiplies
 * swapped (see {@code BlisGemm}).
 */
final class BatchedPointwise {
    /** Most columns (images × plane) in one product. */
    static final int MAX_COLUMNS = 1600;
    /**
     * Most floats of a product's scratch (4 MiB, kept by each thread that ran one): K·columns, so the groups shrink
     * as K grows (2048 channels of 7×7: 10 images).
     */
    static final int MAX_SCRATCH = 1 << 20;
    /**
     * Distinct (channels, plane, images) indexes kept: built per call, an index is C + images·plane ints, and the
     * 1×1 layers of a ResNet-50 call at batch 8 would allocate about 200 KB of them (the predictor's budget is 1 MB
     * per call); a service with many batch sizes rebuilds them.
     */
    private static final int MAX_INDEXES = 64;
    private static final Map<IndexKey, ColumnIndex> INDEXES = new ConcurrentHashMap<>();

    private record IndexKey(int channels, int plane, int images) {}

    private BatchedPointwise() {}

    /**
     * @return whether this path takes the call: 1×1 stride 1, one group, pre-packed, more than one image, and room
     * for at least two images in a product
     */
    static boolean applies(ConvShape s, ConvAlgorithm algorithm, PackedPanels[] packed) {
        return packed != null && s.groups() == 1 && s.batch() > 1 && GemmConvolution.readsInputInPlace(s, algorithm)
                && maxImages(s) >= 2;
    }

    /** @return the most images one product may hold */
    private static int maxImages(ConvShape s) {
        long plane = (long) s.outHeight() * s.outWidth();
        return (int) Math.min(MAX_COLUMNS / plane, MAX_SCRATCH / (plane * s.outChannels()));
    }

    /**
     * The forward pass, {@link #applies applicable}; {@code in} and {@code out} do not overlap. The images are
     * shared out in groups, one product each: as many groups as threads where that leaves two or more images per
     * group (whole products run on separate threads without meeting: 2 threads, batch 8, ResNet-50's 1×1 layers at
     * 7×7 to 28×28 ran 5 % slower as single products split inside the GEMM), else groups as large as
     * {@link #MAX_COLUMNS} and {@link #MAX_SCRATCH} allow; the last group may hold fewer images.
     */
    static void forward(ConvContext context, ConvShape s, float[] in, int offIn, PackedPanels filters, float[] out,
                        int offOut, ConvEpilogue e, Parallelism parallelism) {
        ColumnGather gather = GemmConvolution.gather(context);
        ElementwiseKernels elementwise = context.backend().elementwise();
        int channels = s.inChannels(), k = s.outChannels(), plane = s.outHeight() * s.outWidth();
        int batch = s.batch();
        int perThread = Math.ceilDiv(batch, Math.max(1, parallelism.threadCount()));
        int perProduct = Math.min(maxImages(s), perThread >= 2 ? perThread : batch);
        int products = Math.ceilDiv(batch, perProduct);
        ConvTasks.run(products, (long) k * channels * perProduct * plane, parallelism, (task, inner) -> {
            int n0 = task * perProduct, images = Math.min(perProduct, batch - n0), cols = images * plane;
            float[] sums = ConvScratch.floats(GemmConvolution.scratchSize((long) k * cols, s));
            ColumnIndex index = index(channels, plane, images);
            ImplicitColumns columns = new ImplicitColumns(gather, index, in, offIn + n0 * channels * plane);
            context.backend().sgemm().sgemm(filters, columns, cols, 1f, 0f, sums, 0, cols, GemmEpilogue.none(),
                    inner);
            for (int i = 0; i < images; i++) {
                int outRel = (n0 + i) * k * plane;
                writeImage(elementwise, k, plane, cols, sums, i * plane, out, offOut + outRel, e, outRel);
            }
        });
    }

    /**
     * Image i's rows of the product (from {@code sums[at]}, row stride {@code cols}) into its output planes:
     * {@code out = relu?(sum + bias + residual)}, in that order (the GEMM write-back's).
     */
    private static void writeImage(ElementwiseKernels kernels, int k, int plane, int cols, float[] sums, int at,
                                   float[] out, int dst, ConvEpilogue e, int outRel) {
        float[] res = e.residual();
        for (int c = 0; c < k; c++, at += cols, dst += plane) {
            if (e.bias() != null) {
                kernels.channelBias(1, 1, plane, sums, at, e.bias(), e.biasOffset() + c, sums, at);
            }
            if (res != null) {
                int r = e.residualOffset() + outRel + c * plane;
                if (e.relu()) {
                    kernels.addRelu(plane, sums, at, res, r, out, dst);
                } else {
                    kernels.add(plane, sums, at, res, r, out, dst);
                }
            } else if (e.relu()) {
                kernels.relu(plane, sums, at, out, dst);
            } else {
                System.arraycopy(sums, at, out, dst, plane);
            }
        }
    }

    private static ColumnIndex index(int channels, int plane, int images) {
        IndexKey key = new IndexKey(channels, plane, images);
        ColumnIndex index = INDEXES.get(key);
        if (index == null) {
            if (INDEXES.size() >= MAX_INDEXES) {
                INDEXES.clear();
            }
            index = ColumnIndex.batchedPointwise(channels, plane, images);
            INDEXES.put(key, index);
        }
        return index;
    }
}
