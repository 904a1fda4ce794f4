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
 * {@code W · [in_n | in_n+1 | …]}, where one image's plane is small (ResNet-50's 14×14 and 7×7 stages): the filters
 * are then streamed from memory once per group of images rather than once per image, and the register tile's
 * columns run on across images instead of ending half empty at each image's edge (AVX-512, 8×32 tile: 196 pixels
 * are 6.125 strips, 49 pixels 1.5). The images' columns are gathered where they lie ({@link ColumnIndex#batchedPointwise}),
 * the product goes to per-thread scratch, and the epilogue writes it out image by image in the order of operations
 * of the GEMM's write-back (sum, then bias, residual, ReLU).
 *
 * <p>Measured on the 2-vCPU Zen 5 (AVX-512), batch 8, the two paths alternating in one JVM (bias, residual and ReLU
 * on): over ResNet-50's 1×1 stride-1 layers at 7×7 to 28×28 (one of each), 57.9 → 52.7 ms on 1 thread and 29.4 →
 * 27.4 ms on 2; 1024→256 at 14×14 6.25 → 5.38 ms on 1 thread. In the network (`resvec profile --arch resnet50
 * --batch 8`), these layers took 10 % less time on 1 thread and 5 % on 2, against the network's other 1×1 layers.
 * The one layer that lost (2048→512 at 7×7, 4 %) has 49-pixel planes that the image-by-image path multiplies
 * swapped (see {@code BlisGemm}).
 */
final class BatchedPointwise {
    /**
     * Most columns (images × plane) in one product: its scratch is K times this many floats, 1.6 MB for 256 output
     * channels; planes of more than half of it (28×28 and larger) multiply image by image.
     */
    static final int MAX_COLUMNS = 1600;
    /** Distinct (channels, plane, images) indexes kept; a service with many batch sizes rebuilds them. */
    private static final int MAX_INDEXES = 64;
    private static final Map<Long, ColumnIndex> INDEXES = new ConcurrentHashMap<>();

    private BatchedPointwise() {}

    /** @return whether this path takes the call: 1×1 stride 1, one group, pre-packed, two or more images per product */
    static boolean applies(ConvShape s, ConvAlgorithm algorithm, PackedPanels[] packed) {
        int plane = s.outHeight() * s.outWidth();
        return packed != null && s.groups() == 1 && s.batch() > 1 && plane <= MAX_COLUMNS / 2
                && GemmConvolution.readsInputInPlace(s, algorithm);
    }

    /**
     * The forward pass, {@link #applies applicable}; {@code in} and {@code out} do not overlap. The images are
     * shared out in groups, one product each: as many groups as threads where that leaves two or more images per
     * group (whole products run on separate threads without meeting: 2 threads, batch 8, ResNet-50's 1×1 layers at
     * 7×7 to 28×28 ran 5 % slower as single products split inside the GEMM), else groups of at most
     * {@link #MAX_COLUMNS} columns.
     */
    static void forward(ConvContext context, ConvShape s, float[] in, int offIn, PackedPanels filters, float[] out,
                        int offOut, ConvEpilogue e, Parallelism parallelism) {
        ColumnGather gather = GemmConvolution.gather(context);
        ElementwiseKernels elementwise = context.backend().elementwise();
        int channels = s.inChannels(), k = s.outChannels(), plane = s.outHeight() * s.outWidth();
        int batch = s.batch();
        int perThread = Math.ceilDiv(batch, Math.max(1, parallelism.threadCount()));
        int perProduct = Math.min(MAX_COLUMNS / plane, perThread >= 2 ? perThread : batch);
        int products = Math.ceilDiv(batch, perProduct);
        ConvTasks.run(products, (long) k * channels * perProduct * plane, parallelism, (task, inner) -> {
            int n0 = task * perProduct, images = Math.min(perProduct, batch - n0), cols = images * plane;
            float[] sums = ConvScratch.floats(GemmConvolution.scratchSize((long) k * cols, s));
            ColumnIndex index = index(channels, plane, images);
            context.backend().sgemm().sgemm(filters,
                    new ImplicitColumns(gather, index, in, offIn + n0 * channels * plane), cols, 1f, 0f, sums, 0,
                    cols, GemmEpilogue.none(), inner);
            for (int i = 0; i < images; i++) {
                int outRel = (n0 + i) * k * plane;
                writeImage(elementwise, k, plane, cols, sums, i * plane, out, offOut + outRel, e, outRel);
            }
        });
    }

    /**
     * Image i's rows of the product (from {@code sums[at]}, row stride {@code cols}) into its output planes:
     * {@code out = relu?(sum + bias + residual)}, in that order (the GEMM write-back's, so the bits match the
     * image-by-image path's).
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
        long key = ((long) channels << 40) ^ ((long) plane << 16) ^ images;
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
