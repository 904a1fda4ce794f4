package dev.resvec.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the JVM tells that arrays start on cache lines, from its options as HotSpot reports them. */
class VmFlagsTest {
    private static int from(Map<String, String> options) {
        return VmFlags.floatArraysOnCacheLinesFrom(options::get);
    }

    @Test
    void objectsAlignedToALineOrMorePutEveryArrayOnALine() {
        assertEquals(0, from(Map.of("ObjectAlignmentInBytes", "64", "UseG1GC", "true", "G1HeapRegionSize", "4194304")));
        assertEquals(0, from(Map.of("ObjectAlignmentInBytes", "128", "UseParallelGC", "true")));
    }

    @Test
    void underG1ArraysOfHalfARegionOrMoreStartARegion() {
        // 4 MiB regions: humongous from 2 MiB, that is 524288 floats
        assertEquals(524_288, from(Map.of("ObjectAlignmentInBytes", "8", "UseG1GC", "true",
                "G1HeapRegionSize", "4194304")));
        assertEquals(131_072, from(Map.of("UseG1GC", "true", "G1HeapRegionSize", "1048576")));
    }

    @Test
    void otherwiseNoArrayIsKnownToStartALine() {
        assertEquals(Integer.MAX_VALUE, from(Map.of("ObjectAlignmentInBytes", "32", "UseParallelGC", "true")));
        assertEquals(Integer.MAX_VALUE, from(Map.of("UseG1GC", "false", "G1HeapRegionSize", "4194304")));
        assertEquals(Integer.MAX_VALUE, from(Map.of()));
    }

    @Test
    void anUnreadableValueCountsAsUnknown() {
        assertEquals(Integer.MAX_VALUE, from(Map.of("ObjectAlignmentInBytes", "sixty-four")));
        assertEquals(Integer.MAX_VALUE, from(Map.of("UseG1GC", "true", "G1HeapRegionSize", "big")));
    }
}
