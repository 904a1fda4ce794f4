package dev.resvec.nn.data;

/**
 * Derives independent 64-bit seeds from a seed and a few integers (a purpose, an epoch, an image index), so each
 * random choice has its own stream and none depends on the order in which others were drawn.
 *
 * <p>The mixing function is the SplitMix64 finaliser (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), the same as {@link java.util.SplittableRandom}'s.
 */
final class Seeds {
    /** Purposes, mixed in first so that streams for different purposes never coincide. */
    static final long SHUFFLE = 0x5348_5546_464CL;
    static final long AUGMENT = 0x4155_474DL;
    static final long SPLIT = 0x5350_4C49_54L;
    static final long EMBEDDED = 0x454D_4245_44L;

    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private Seeds() {}

    /** @return SplitMix64's finaliser of {@code z} */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** @return a seed derived from {@code seed} and each of {@code parts} in order */
    static long derive(long seed, long... parts) {
        long h = mix64(seed + GOLDEN);
        for (long p : parts) {
            h = mix64(h + GOLDEN + mix64(p ^ 0x2545_F491_4F6C_DD1DL));
        }
        return h;
    }
}
