package dev.resvec.bench.report;

import java.util.List;
import java.util.Map;

/**
 * The report's header: what the figures were measured on.
 *
 * @param cpuModel          e.g. {@code AMD EPYC 9B45}, or {@code unknown}
 * @param logicalCpus       processors the JVM sees
 * @param physicalCores     cores (sysfs topology), 0 when unknown
 * @param isa               the SIMD-relevant CPU flags present (AVX2, FMA, the AVX-512 subsets, NEON/SVE ...)
 * @param caches            e.g. {@code L1d 48 KiB, L2 1 MiB, L3 32 MiB}, or {@code unknown}
 * @param cacheSource       where {@code caches} came from: {@code sysfs}, {@code getconf} or {@code unknown}
 * @param kernelBlocking    the cache sizes the GEMM blocking assumes (sysfs, else defaults)
 * @param os                e.g. {@code Linux 6.1.0 amd64 (Debian GNU/Linux 12)}
 * @param jdk               e.g. {@code Eclipse Adoptium 25.0.1+8, OpenJDK 64-Bit Server VM}
 * @param jvmArgs           the forks' JVM arguments (the variants add theirs)
 * @param vmOptions         HotSpot options that decide vector code: UseAVX, MaxVectorSize, UseFMA, UseSuperWord
 * @param provider          the main rows' kernel provider, as {@code KernelProvider.describe()} in a fork
 * @param vectorBits        its species width (0: scalar)
 * @param fma               whether it uses FMA
 * @param preferredBits     the widest species the CPU accelerates
 * @param threads           the thread counts of the rows, e.g. [1, 2]
 */
public record Machine(String cpuModel, int logicalCpus, int physicalCores, List<String> isa, String caches,
                      String cacheSource, String kernelBlocking, String os, String jdk, List<String> jvmArgs,
                      Map<String, String> vmOptions, String provider, int vectorBits, boolean fma, int preferredBits,
                      List<Integer> threads) {
    public Machine {
        isa = List.copyOf(isa);
        jvmArgs = List.copyOf(jvmArgs);
        vmOptions = Map.copyOf(vmOptions);
        threads = List.copyOf(threads);
    }
}
