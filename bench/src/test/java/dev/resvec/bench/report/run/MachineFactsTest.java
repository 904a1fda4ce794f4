package dev.resvec.bench.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.Comparison;
import dev.resvec.bench.report.ComparisonMarkdown;
import dev.resvec.bench.report.Machine;
import dev.resvec.bench.report.MarkdownReport;
import dev.resvec.bench.report.Report;
import dev.resvec.bench.report.ReportJson;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CPU name and ISA flags from /proc/cpuinfo texts of x86 and Arm machines, and how they reach the report's
 * header, report.json and a comparison's header; committed reports still read back with their flags.
 */
class MachineFactsTest {
    /** The first processor of the 2-vCPU Zen 5 VM of bench/results/zen5-epyc-2vcpu-avx512, and the next's start. */
    static final String ZEN5 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model\t\t: 2
            model name\t: AMD EPYC
            stepping\t: 1
            cpu MHz\t\t: 2096.022
            cache size\t: 1024 KB
            physical id\t: 0
            siblings\t: 2
            core id\t\t: 0
            cpu cores\t: 2
            fpu\t\t: yes
            cpuid level\t: 13
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep pge mca cmov pat pse36 clflush mmx fxsr sse sse2 \
            ht syscall nx mmxext lm constant_tsc rep_good nopl xtopology tsc_reliable nonstop_tsc cpuid extd_apicid \
            tsc_known_freq pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave \
            avx f16c rdrand hypervisor lahf_lm cr8_legacy misalignsse 3dnowprefetch topoext pti vmmcall bmi1 avx2 \
            bmi2 erms avx512f avx512dq adx avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt \
            xsavec xgetbv1 avx_vnni avx512_bf16 clzero xsaveerptr arat avx512vbmi avx512_vbmi2 gfni vaes vpclmulqdq \
            avx512_vnni avx512_bitalg avx512_vpopcntdq movdiri movdir64b fsrm avx512_vp2intersect
            bugs\t\t: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass srso spectre_v2_user
            bogomips\t: 4192.04
            address sizes\t: 48 bits physical, 48 bits virtual
            power management:

            processor\t: 1
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model name\t: not the first processor
            flags\t\t: fpu sse sse2
            """;

    /** AWS Graviton3 (Neoverse-V1 r1p1): SVE, no SVE2; arm64 Linux has no "model name". */
    static final String GRAVITON3 = """
            processor\t: 0
            BogoMIPS\t: 2100.00
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma \
            lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm \
            svebf16 i8mm bf16 dgh rng
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU variant\t: 0x1
            CPU part\t: 0xd40
            CPU revision\t: 1

            processor\t: 1
            BogoMIPS\t: 2100.00
            Features\t: fp asimd
            CPU implementer\t: 0x41
            CPU part\t: 0xd40
            """;

    /** AWS Graviton4 (Neoverse-V2 r0p1): SVE and SVE2. */
    static final String GRAVITON4 = """
            processor\t: 0
            BogoMIPS\t: 2000.00
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma \
            lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg dcpodp sve2 \
            sveaes svepmull svebitperm svesha3 svesm4 flagm2 frint svei8mm svebf16 i8mm bf16 dgh rng bti
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU variant\t: 0x0
            CPU part\t: 0xd4f
            CPU revision\t: 1
            """;

    /** An Arm VM whose cpuinfo has neither a Features line nor a model name, with a part outside the table. */
    static final String BARE_ARM = """
            processor\t: 0
            BogoMIPS\t: 50.00
            CPU implementer\t: 0x41
            CPU part\t: 0xd99
            """;

    /** A supplier the parsing must not call: lscpu and sysctl run only when cpuinfo names no CPU. */
    static Supplier<String> never(String what) {
        return () -> {
            throw new AssertionError(what + " was run although cpuinfo named the CPU");
        };
    }

    static MachineFacts facts(String cpuinfo, Supplier<String> lscpu) {
        Map<String, String> fields = MachineFacts.firstProcessor(cpuinfo);
        return new MachineFacts(MachineFacts.cpuModel(fields, lscpu, never("sysctl"), "aarch64"), 2, 2,
                MachineFacts.isa(fields), "L1d 64 KiB", "sysfs", "Linux");
    }

    @Test
    void x86TakesItsModelNameAndTheSimdFlagsOfTheFirstProcessor() {
        MachineFacts f = facts(ZEN5, never("lscpu"));
        assertEquals("AMD EPYC (family 26, model 2, stepping 1)", f.cpuModel());
        assertEquals(List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512bw", "avx512dq",
                "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vbmi2", "avx512_vnni", "avx512_bf16", "avx_vnni"),
                f.isa());
        assertTrue(f.hasAvx512());
    }

    @Test
    void armNamesNeonSveAndSve2AndItsCoreFromImplementerAndPart() {
        MachineFacts v1 = facts(GRAVITON3, never("lscpu"));
        assertEquals("Arm Neoverse-V1 (implementer 0x41, part 0xd40, r1p1)", v1.cpuModel());
        assertEquals(List.of("NEON", "asimdhp", "asimddp", "SVE", "bf16", "i8mm"), v1.isa());
        assertFalse(v1.hasAvx512());

        MachineFacts v2 = facts(GRAVITON4, never("lscpu"));
        assertEquals("Arm Neoverse-V2 (implementer 0x41, part 0xd4f, r0p1)", v2.cpuModel());
        assertEquals(List.of("NEON", "asimdhp", "asimddp", "SVE", "SVE2", "bf16", "i8mm"), v2.isa());

        String n1 = "CPU implementer\t: 0x41\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n"
                + "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp asimddp\n";
        assertEquals("Arm Neoverse-N1 (implementer 0x41, part 0xd0c, r3p1)", facts(n1, never("lscpu")).cpuModel());
        assertEquals(List.of("NEON", "asimdhp", "asimddp"), facts(n1, never("lscpu")).isa());
        assertEquals(List.of("NEON"), MachineFacts.isa(MachineFacts.firstProcessor(
                "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls\n")), "32-bit Arm says neon");
    }

    @Test
    void aMachineWithoutFlagsHasNoIsaAndAnUnknownPartKeepsItsNumbers() {
        MachineFacts bare = facts(BARE_ARM, () -> "-"); // lscpu does not know the part either
        assertEquals(List.of(), bare.isa());
        assertEquals("ARM implementer 0x41 part 0xd99 (Arm)", bare.cpuModel());
        assertEquals("Arm Neoverse-Z9 (implementer 0x41, part 0xd99)", facts(BARE_ARM, () -> "Neoverse-Z9")
                .cpuModel(), "lscpu's name for a part the table lacks");
        assertEquals("ARM implementer 0x99 part 0x123",
                facts("CPU implementer : 0x99\nCPU part : 0x123\n", () -> null).cpuModel());

        // nothing at all (not Linux): lscpu, then macOS's sysctl, then unknown
        Map<String, String> none = MachineFacts.firstProcessor("");
        assertEquals(Map.of(), none);
        assertEquals(List.of(), MachineFacts.isa(none));
        assertEquals("Apple M2", MachineFacts.cpuModel(none, () -> null, () -> "Apple M2\n", "aarch64"));
        assertEquals("unknown (aarch64)", MachineFacts.cpuModel(none, () -> "-", () -> "", "aarch64"));
        // newer lscpus indent Model name under Vendor ID
        String lscpu = "Architecture:             aarch64\nVendor ID:                ARM\n"
                + "  Model name:             Neoverse-N1\n    Model:                1\n";
        assertEquals("Neoverse-N1", MachineFacts.field(lscpu, "Model name"));
        assertEquals("Neoverse-N1", MachineFacts.cpuModel(none, () -> MachineFacts.field(lscpu, "Model name"),
                never("sysctl"), "aarch64"));
    }

    /** The header names NEON/SVE/SVE2 or says unknown; report.json keeps them; a comparison shows both machines. */
    @Test
    void theIsaReachesTheHeaderReportJsonAndComparisons() throws IOException {
        Report x86 = committed().findFirst().orElseThrow();
        Report arm = withMachine(x86, facts(GRAVITON4, never("lscpu")));
        Report bare = withMachine(x86, facts(BARE_ARM, () -> null));

        assertTrue(header(arm).contains("| ISA | NEON asimdhp asimddp SVE SVE2 bf16 i8mm |"), header(arm));
        assertTrue(header(arm).contains("| CPU | Arm Neoverse-V2 (implementer 0x41, part 0xd4f, r0p1) |"));
        assertTrue(header(bare).contains("| ISA | unknown |"), header(bare));
        assertTrue(header(x86).contains("| ISA | " + String.join(" ", x86.machine().isa()) + " |"), header(x86));

        for (Report r : List.of(arm, bare)) {
            StringWriter w = new StringWriter();
            ReportJson.write(r, w);
            assertEquals(r, ReportJson.read(new StringReader(w.toString())));
        }
        String compare = ComparisonMarkdown.render(Comparison.of(x86, bare, "x86", "arm"), List.of());
        assertTrue(compare.contains("| ISA | " + String.join(" ", x86.machine().isa()) + " | unknown |"), compare);
        compare = ComparisonMarkdown.render(Comparison.of(x86, arm, "x86", "arm"), List.of());
        assertTrue(compare.contains(" | NEON asimdhp asimddp SVE SVE2 bf16 i8mm |"), compare);
    }

    /** Every committed report.json still reads, with its x86 flags as cpuinfo names them. */
    @Test
    void committedReportsStillRead() throws IOException {
        List<Report> reports = committed().toList();
        assertFalse(reports.isEmpty(), "no report.json under bench/results");
        for (Report r : reports) {
            assertTrue(r.machine().isa().containsAll(List.of("avx2", "fma", "avx512f")), r.machine().isa().toString());
            assertTrue(MachineFacts.ISA_FLAGS.containsAll(r.machine().isa()), r.machine().isa().toString());
        }
    }

    /** @return the committed reports under bench/results (tests run in bench/) */
    static Stream<Report> committed() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("results"))) {
            files = walk.filter(p -> p.getFileName().toString().equals("report.json")).sorted().toList();
        }
        return files.stream().map(p -> {
            try (var in = Files.newBufferedReader(p)) {
                return ReportJson.read(in);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(p + ": " + e, e);
            }
        });
    }

    static Report withMachine(Report r, MachineFacts f) {
        Machine m = r.machine();
        Machine other = new Machine(f.cpuModel(), f.logicalCpus(), f.physicalCores(), f.isa(), f.caches(),
                f.cacheSource(), m.kernelBlocking(), f.os(), m.jdk(), m.jvmArgs(), m.vmOptions(), m.provider(),
                m.vectorBits(), m.fma(), m.preferredBits(), m.threads());
        return new Report(r.schema(), r.created(), r.mode(), r.durationSeconds(), r.command(), other, r.measurement(),
                r.variants(), r.peers(), r.sections());
    }

    static String header(Report r) {
        String md = MarkdownReport.render(r, List.of());
        return md.substring(md.indexOf("## Machine"), md.indexOf("## How it was measured"));
    }
}
