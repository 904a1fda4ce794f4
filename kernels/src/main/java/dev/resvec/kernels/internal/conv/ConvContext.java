package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;

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

    private static final class Holder {
        static final ConvContext ACTIVE = of(Backends.active());
    }

    /**
     * @return the active provider with the default blocks
     * @throws IllegalStateException on every call when the provider settings are bad: asked of
     *                               {@link Backends#active()} before the holder is touched, so that its initialiser
     *                               cannot fail (a failed one is a {@code NoClassDefFoundError} from then on)
     */
    public static ConvContext active() {
        Backends.active();
        return Holder.ACTIVE;
    }

    /** @return the given backend with the default blocks */
    public static ConvContext of(Backend backend) {
        return new ConvContext(backend, ColumnBlocks.BUDGET, ColumnBlocks.FILTER_REUSE);
    }
}
