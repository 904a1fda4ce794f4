package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.ProviderSettings;
import dev.resvec.kernels.internal.VmFlags;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The scalar fallback, on the pure functions that decide it ({@link Backends#whyNoVector},
 * {@link VmFlags#whyNoC2(String, String, java.util.function.UnaryOperator)}, {@link Backends#decide}), fed with what
 * a JVM reports in each case (taken from {@code java <flag> -XX:+PrintFlagsFinal -version} on JDK 25): no JVM is
 * forked. Each case must choose scalar and log one WARN that names the exact flag to add.
 */
class KernelProviderFallbackTest {
    private static final String SERVER = "OpenJDK 64-Bit Server VM";
    private static final ProviderSettings AUTO = ProviderSettings.parse(name -> null);
    private static final Supplier<String> WIDE_SPECIES = () -> null;

    /** The vector provider's reason for this JVM, from its {@code java.vm.info} and HotSpot options. */
    private static String whyNoVector(String vmInfo, Map<String, String> options) {
        return Backends.whyNoVector(true, VmFlags.whyNoC2(SERVER, vmInfo, options::get), WIDE_SPECIES);
    }

    private static void assertScalarFallbackNaming(String why, String flag) {
        assertTrue(why != null && why.contains(flag), "the reason does not name " + flag + ": " + why);
        Backends.Decision decision = Backends.decide(AUTO, why);
        assertFalse(decision.vector(), why);
        assertTrue(decision.scalarReason().contains(why), decision.scalarReason());
        assertTrue(decision.warning() != null && decision.warning().contains("add " + flag + " to the java command line"),
                "the WARN does not say to add " + flag + ": " + decision.warning());
        assertTrue(decision.warning().contains("scalar"), decision.warning());
    }

    @Test
    void withoutTheIncubatorModuleTheWarnNamesAddModules() {
        AtomicInteger speciesAsked = new AtomicInteger();
        String why = Backends.whyNoVector(false, null, () -> {
            speciesAsked.incrementAndGet(); // would load a vector class the JVM cannot link
            return null;
        });
        assertScalarFallbackNaming(why, "--add-modules jdk.incubator.vector");
        assertEquals(0, speciesAsked.get(), "the species was asked although the module is not readable");
    }

    @Test
    void underXintTheWarnNamesXmixed() {
        String why = whyNoVector("interpreted mode, sharing",
                Map.of("UseCompiler", "false", "TieredCompilation", "false", "TieredStopAtLevel", "4"));
        assertScalarFallbackNaming(why, "-Xmixed");
        assertTrue(why.contains("-Xint"), why);
    }

    @Test
    void withoutC2TheWarnNamesTieredStopAtLevel4() {
        for (String level : new String[] {"1", "2", "3"}) {
            String why = whyNoVector("mixed mode, emulated-client, sharing",
                    Map.of("UseCompiler", "true", "TieredCompilation", "true", "TieredStopAtLevel", level));
            assertScalarFallbackNaming(why, "-XX:TieredStopAtLevel=4");
            assertTrue(why.contains("-XX:TieredStopAtLevel=" + level), why);
        }
    }

    @Test
    void withTheJitOffTheWarnNamesUseCompiler() {
        String why = whyNoVector("mixed mode, sharing",
                Map.of("UseCompiler", "false", "TieredCompilation", "true", "TieredStopAtLevel", "4"));
        assertScalarFallbackNaming(why, "-XX:+UseCompiler");
    }

    /** The controls: C2 on (tiered or C2 only), and a JVM whose options cannot be read, choose vector silently. */
    @Test
    void withC2AndTheModuleTheVectorProviderIsChosen() {
        assertNull(whyNoVector("mixed mode, sharing",
                Map.of("UseCompiler", "true", "TieredCompilation", "true", "TieredStopAtLevel", "4")));
        assertNull(whyNoVector("mixed mode, sharing",
                Map.of("UseCompiler", "true", "TieredCompilation", "false", "TieredStopAtLevel", "4")));
        assertNull(whyNoVector("mixed mode", Map.of()));
        Backends.Decision decision = Backends.decide(AUTO, null);
        assertTrue(decision.vector());
        assertNull(decision.warning());
        assertEquals("too narrow", Backends.whyNoVector(true, null, () -> "too narrow"), "the species is asked last");
    }

    @Test
    void aForcedChoiceWinsAndForcingVectorWhereItCannotRunIsAnError() {
        String why = Backends.whyNoVector(false, null, WIDE_SPECIES);
        Backends.Decision scalar = Backends.decide(ProviderSettings.parse(Map.of("resvec.kernels", "scalar")::get), why);
        assertFalse(scalar.vector());
        assertNull(scalar.warning(), "a forced scalar provider is no fallback");
        assertEquals("forced by -Dresvec.kernels=scalar", scalar.scalarReason());
        ProviderSettings vector = ProviderSettings.parse(Map.of("resvec.kernels", "vector")::get);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.decide(vector, why));
        assertTrue(e.getMessage().contains("-Dresvec.kernels=vector") && e.getMessage().contains(why), e.getMessage());
        assertTrue(Backends.decide(vector, null).vector());
    }
}
