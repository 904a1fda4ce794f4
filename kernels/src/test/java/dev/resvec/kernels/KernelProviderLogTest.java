package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a real JVM logs when it first uses the kernels (the promise of {@link Kernels}: one log line naming the
 * provider, its bit width and whether FMA is used; a fallback to scalar logs one WARN with the flag to add), checked
 * on the standard error of fresh JVMs: {@link KernelProviderFallbackTest} checks the decision only through the pure
 * functions behind it.
 *
 * <p>Each child JVM gets only the flags named here (none of this JVM's, so none of the {@code -Dresvec.*} settings
 * the forced-provider surefire executions give): the check is the same in every execution. The child's locale is
 * English, for the level names of {@code java.util.logging}'s default format ({@code INFO:} / {@code WARNING:}).
 */
class KernelProviderLogTest {
    private static final String MARK = "ResVec kernels:";
    private static final String ADD_MODULES = "--add-modules jdk.incubator.vector";
    private static final List<String> COMMON = List.of("-Xshare:auto", "-Duser.language=en", "-Duser.country=US");

    /** A child's output after a clean exit: the provider it printed and the lines of its log that name ResVec. */
    private record Child(String name, int bits, boolean fma, List<String> logLines, List<String> stderr) {}

    private static Child fork(String... flags) throws Exception {
        List<String> args = new ArrayList<>(COMMON);
        args.addAll(List.of(flags));
        ForkedJvm.Output output = ForkedJvm.launch(FirstUse.class, args);
        List<String> stdout = output.stdoutOrFail();
        String context = "flags " + args + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n"
                + String.join("\n", output.stderr());
        assertEquals(2, stdout.size(), context);
        assertEquals("gemm 19.0 22.0 43.0 50.0", stdout.get(0), context);
        String[] p = stdout.get(1).split(" ");
        assertEquals("provider", p[0], context);
        List<String> log = output.stderr().stream().filter(line -> line.contains(MARK)).toList();
        assertEquals(1, log.size(), "not exactly one '" + MARK + "' line; " + context);
        return new Child(p[1], Integer.parseInt(p[2]), Boolean.parseBoolean(p[3]), log, output.stderr());
    }

    /** Fails when the child logged a WARNING other than the JDK's own incubator notice. */
    private static void assertNoWarning(Child child) {
        for (String line : child.stderr()) {
            assertTrue(!line.startsWith("WARNING:")
                            || line.equals("WARNING: Using incubator modules: jdk.incubator.vector"),
                    "unexpected WARNING: " + String.join("\n", child.stderr()));
        }
    }

    @Test
    void withTheModuleAndC2OneInfoLineNamesTheVectorProviderItsWidthAndFma() throws Exception {
        Child child = fork("--add-modules", "jdk.incubator.vector");
        String line = child.logLines().getFirst();
        // the project's CI guard expects the vector provider on every machine it runs on; -Dresvec.expectedKernels=any
        // opts out where the CPU has no usable species
        assumeFalse("any".equals(System.getProperty("resvec.expectedKernels")) && !"vector".equals(child.name()),
                "this CPU has no usable vector species: " + line);
        assertEquals("vector", child.name(), line);
        assertTrue(child.bits() >= 128, "bits " + child.bits());
        assertTrue(line.startsWith("INFO: " + MARK), line);
        assertTrue(line.contains("vector provider, " + child.bits() + "-bit species"), line);
        assertTrue(line.contains("FMA " + (child.fma() ? "on" : "off")), line);
        assertNoWarning(child);
    }

    @Test
    void withoutTheModuleOneWarnNamesTheFlagToAddAndScalarRuns() throws Exception {
        Child child = fork();
        String line = child.logLines().getFirst();
        assertEquals("scalar", child.name(), line);
        assertEquals(0, child.bits());
        assertTrue(line.startsWith("WARNING: " + MARK), line);
        assertTrue(line.contains("scalar provider"), line);
        assertTrue(line.contains("add " + ADD_MODULES + " to the java command line"), line);
    }

    /** {@code VmFlags.whyNoC2} promises a reason that names the flag that turns C2 back on. */
    @Test
    void withoutC2OneWarnNamesC2AndTheFlagToAddAndScalarRuns() throws Exception {
        Child child = fork("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1");
        String line = child.logLines().getFirst();
        assertEquals("scalar", child.name(), line);
        assertTrue(line.startsWith("WARNING: " + MARK), line);
        assertTrue(line.contains("scalar provider"), line);
        assertTrue(line.contains("C2 is off (-XX:TieredStopAtLevel=1)"), line);
        assertTrue(line.contains("add -XX:TieredStopAtLevel=4 to the java command line"), line);
    }

    /**
     * First use of the kernels is a small GEMM through the public facade (the provider is chosen there), then the
     * provider is asked twice: prints the product and {@code provider <name> <bits> <fma>}.
     */
    public static final class FirstUse {
        public static void main(String[] args) {
            float[] c = new float[4];
            Gemm.sgemm(false, false, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, 0f,
                    c, 0, 2);
            System.out.println("gemm " + c[0] + " " + c[1] + " " + c[2] + " " + c[3]);
            KernelProvider p = Kernels.provider();
            if (!p.equals(Kernels.provider())) {
                throw new AssertionError("the provider changed");
            }
            System.out.println("provider " + p.name() + " " + p.vectorBits() + " " + p.fma());
        }
    }
}
