package dev.resvec.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The tuning properties of this package are read through {@link TuningProperty}: the kernel pool's size and spin,
 * the GEMM blocking and the cache sizes. Each is read once per JVM (in a holder, kept by {@link Settled}), so these
 * tests call the parse functions the holders call, with a map for the properties; the holders' error on every call
 * is {@code TuningPropertyForkTest}'s.
 */
class TuningPropertySitesTest {
    private static final CacheSizes CACHES = new CacheSizes(48 * 1024, 1 << 20, 32L << 20);

    private static UnaryOperator<String> props(String... nameValue) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], nameValue[i + 1]);
        }
        return map::get;
    }

    private static void assertMalformed(String property, String value, String expected, Runnable read) {
        IllegalStateException e = assertThrows(IllegalStateException.class, read::run, property + "=" + value);
        assertEquals("-D" + property + " must be " + expected + " (or unset, for the library's own choice), got '"
                + value + "'", e.getMessage());
    }

    @Test
    void poolWorkers() {
        assertEquals(7, KernelPool.workers(props(), 8), "one fewer than the processors");
        assertEquals(1, KernelPool.workers(props(), 1), "at least one");
        assertEquals(3, KernelPool.workers(props("resvec.pool.workers", "3"), 8));
        for (String bad : new String[] {"0", "-2", "four", "4097"}) {
            assertMalformed("resvec.pool.workers", bad, "an integer from 1 to 4096",
                    () -> KernelPool.workers(props("resvec.pool.workers", bad), 8));
        }
    }

    @Test
    void poolSpin() {
        assertEquals(TimeUnit.MICROSECONDS.toNanos(100), KernelPool.spinNanos(props()));
        assertEquals(0, KernelPool.spinNanos(props("resvec.pool.spinMicros", "0")), "0: park at once");
        assertEquals(25_000, KernelPool.spinNanos(props("resvec.pool.spinMicros", "25")));
        for (String bad : new String[] {"-1", "100us", "1000001"}) {
            assertMalformed("resvec.pool.spinMicros", bad, "an integer from 0 to 1000000",
                    () -> KernelPool.spinNanos(props("resvec.pool.spinMicros", bad)));
        }
    }

    @Test
    void gemmBlockingOverrides() {
        GemmBlocking own = GemmBlocking.forCaches(6, 16, Float.BYTES, CACHES, props());
        GemmBlocking set = GemmBlocking.forCaches(6, 16, Float.BYTES, CACHES,
                props("resvec.gemm.kc", "100", "resvec.gemm.mc", "100", "resvec.gemm.nc", "100"));
        long sweep = CACHES.l2() / 2;
        assertEquals(new GemmBlocking(6, 16, 100, 96, 96, sweep), set, "MC and NC rounded down to whole tiles");
        assertEquals(new GemmBlocking(6, 16, 1, 6, 16, sweep), GemmBlocking.forCaches(6, 16, Float.BYTES, CACHES,
                props("resvec.gemm.kc", "1", "resvec.gemm.mc", "1", "resvec.gemm.nc", "1")), "at least one tile");
        assertTrue(own.kc() >= 128 && own.kc() <= 512, own.toString());
        for (String name : new String[] {"kc", "mc", "nc"}) {
            String property = "resvec.gemm." + name;
            String range = name.equals("kc") ? "an integer from 1 to 16384" : "an integer from 1 to 65536";
            for (String bad : new String[] {"abc", "0", "-8", "256k", name.equals("kc") ? "16385" : "65537"}) {
                assertMalformed(property, bad, range,
                        () -> GemmBlocking.forCaches(6, 16, Float.BYTES, CACHES, props(property, bad)));
            }
        }
    }

    @Test
    void cacheSizeOverrides() {
        assertEquals(CACHES, CACHES.withOverrides(props()));
        assertEquals(new CacheSizes(32768, 1 << 20, 1L << 40),
                CACHES.withOverrides(props("resvec.cache.l1", "32768", "resvec.cache.l3", "1099511627776")));
        for (String level : new String[] {"l1", "l2", "l3"}) {
            for (String bad : new String[] {"32K", "0", "-1", "1099511627777"}) {
                assertMalformed("resvec.cache." + level, bad, "an integer from 1 to 1099511627776",
                        () -> CACHES.withOverrides(props("resvec.cache." + level, bad)));
            }
        }
    }

    /** A blocking from huge overridden caches stays inside the clamps (the sizes are divided in long). */
    @Test
    void hugeCachesDoNotWrapTheBlocking() {
        CacheSizes huge = new CacheSizes(1L << 40, 1L << 40, 1L << 40);
        GemmBlocking b = GemmBlocking.forCaches(6, 16, Float.BYTES, huge, props());
        assertEquals(512, b.kc());
        assertEquals(1020, b.mc());
        assertEquals(4096, b.nc());
    }
}
