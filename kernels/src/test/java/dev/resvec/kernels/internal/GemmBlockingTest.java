package dev.resvec.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GemmBlocking#forCaches}'s depth rule, without overrides: the KC×NR micro-panel of B fills L1, or twice L1
 * for tiles of {@value GemmBlocking#DEEP_TILE_ROWS} rows or more, within [128, 512] and a multiple of 8; MC then fills
 * half of L2 with MC×KC floats.
 */
class GemmBlockingTest {
    private static final CacheSizes DEFAULTS = new CacheSizes(32 << 10, 512 << 10, 8L << 20);

    private static GemmBlocking blocking(int mr, int nr, CacheSizes caches) {
        return GemmBlocking.forCaches(mr, nr, Float.BYTES, caches, Map.<String, String>of()::get);
    }

    @Test
    void deepTilesTakeTwiceL1() {
        GemmBlocking avx512 = blocking(8, 32, DEFAULTS);    // 2 · 32 KiB / (32 · 4 B) = 512
        assertEquals(512, avx512.kc());
        assertEquals(128, avx512.mc());                      // 256 KiB / (512 · 4 B)
        assertEquals(256, blocking(8, 32, new CacheSizes(16 << 10, 512 << 10, 8L << 20)).kc());
    }

    @Test
    void shallowTilesTakeOneL1() {
        assertEquals(336, blocking(3, 24, DEFAULTS).kc());   // 32 KiB / (24 · 4 B) = 341, down to a multiple of 8
        assertEquals(512, blocking(4, 4, DEFAULTS).kc());    // the scalar 4×4: 2048, clamped
        assertEquals(128, blocking(3, 24, new CacheSizes(4 << 10, 512 << 10, 8L << 20)).kc());
    }
}
