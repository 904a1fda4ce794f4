package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.Settled;

/**
 * What a GEMM convolution runs on: the provider's kernels and the size of its column blocks ({@link ColumnBlocks}).
 * The facade uses {@link #active()}; tests pass the scalar and the vector backend in one JVM, and tiny blocks to
 * drive every blocked path on small shapes.
 *
 * @param backend     the SGEMM and elementwise kernels
 * @param blockFloats the most floats one column block should hold (unless that is narrower than the next limit)
 * @param filterReuse a block is at least this many times as wide as the filter matrix has rows (0: no limit)
 */
public record ConvContext(Backend backend, int blockFloats, int filterReuse) {
    /** Validates. */
    public ConvContext {
        if (backend == null || blockFloats < 1 || filterReuse < 0) {
            throw new IllegalArgumentException("ConvContext needs a backend, blockFloats >= 1 and filterReuse >= 0,"
                    + " got " + backend + ", " + blockFloats + ", " + filterReuse);
        }
    }

    // Settled: a bad provider setting or -Dresvec.conv.blockFloats fails every call with the same
    // IllegalStateException (a failed class initialiser would be a NoClassDefFoundError from then on).
    private static final class Holder {
        static final Settled<ConvContext> ACTIVE = Settled.of(() -> of(Backends.active()));
    }

    /**
     * @return the active provider with the default blocks
     * @throws IllegalStateException on every call when the provider settings or the block budget's property are
     *                               malformed
     */
    public static ConvContext active() {
        return Holder.ACTIVE.get();
    }

    /**
     * @return the given backend with the default blocks
     * @throws IllegalStateException when {@code -Dresvec.conv.blockFloats} is malformed
     */
    public static ConvContext of(Backend backend) {
        return new ConvContext(backend, ColumnBlocks.budget(), ColumnBlocks.FILTER_REUSE);
    }
}
