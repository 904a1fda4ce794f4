package dev.resvec.bench.report.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.resvec.bench.peers.OpenBlas;
import dev.resvec.kernels.KernelProvider;
import dev.resvec.kernels.Kernels;
import dev.resvec.kernels.MachineProbes;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Run in a child JVM with the forks' arguments, it prints (one JSON object on stdout) what that JVM sees, so the
 * report states what the benchmarks ran on rather than what the parent JVM would have chosen:
 * <ul>
 *   <li>{@code jvm}: the kernel provider, the FMA probe's species, HotSpot's vector options, the JDK;</li>
 *   <li>{@code peers}: OpenBLAS (library, auto-detected core, build), netlib-java's Java and native
 *       implementations (and the libblas it loaded), EJML's and ONNX Runtime's versions — each either what it is or
 *       why it cannot load.</li>
 * </ul>
 */
public final class EnvironmentProbe {
    /** The HotSpot options that decide what vector code compiles to. */
    static final List<String> VM_OPTIONS = List.of("UseAVX", "MaxVectorSize", "UseFMA", "UseSuperWord",
            "UseSVE", "UseNeon");

    private EnvironmentProbe() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !(args[0].equals("jvm") || args[0].equals("peers"))) {
            System.err.println("usage: EnvironmentProbe jvm|peers");
            System.exit(2);
        }
        JsonGenerator g = new JsonFactory().createGenerator(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        g.writeStartObject();
        if (args[0].equals("jvm")) {
            jvm(g);
        } else {
            peers(g);
        }
        g.writeEndObject();
        g.flush();
        System.out.println();
        System.out.flush();
        System.exit(0); // ONNX Runtime and OpenBLAS threads must not keep the probe alive
    }

    private static void jvm(JsonGenerator g) throws IOException {
        KernelProvider p = Kernels.provider();
        g.writeStringField("provider", p.describe());
        g.writeStringField("providerName", p.name());
        g.writeNumberField("vectorBits", p.vectorBits());
        g.writeBooleanField("fma", p.fma());
        String why = MachineProbes.whyUnavailable();
        if (why == null) {
            g.writeNumberField("preferredBits", MachineProbes.fmaPeakBits());
            g.writeNumberField("fmaChains", MachineProbes.fmaPeakChains());
            g.writeBooleanField("fmaProbeUsesFma", MachineProbes.fmaPeakUsesFma());
        } else {
            g.writeStringField("fmaProbeUnavailable", why);
        }
        g.writeObjectFieldStart("vmOptions");
        for (String name : VM_OPTIONS) {
            String value = vmOption(name);
            if (value != null) {
                g.writeStringField(name, value);
            }
        }
        g.writeEndObject();
        g.writeStringField("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version")
                + ", " + System.getProperty("java.vm.name"));
        g.writeArrayFieldStart("inputArguments");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            g.writeString(a);
        }
        g.writeEndArray();
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (RuntimeException notThere) { // not HotSpot, or no such option on this CPU
            return null;
        }
    }

    private static void peers(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("openblas");
        try {
            OpenBlas blas = OpenBlas.load("auto");
            g.writeStringField("path", blas.path());
            g.writeStringField("corename", blas.corename());
            g.writeStringField("config", blas.config());
        } catch (RuntimeException | LinkageError e) {
            g.writeStringField("error", message(e));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("netlib");
        try {
            g.writeStringField("java", JavaBLAS.getInstance().getClass().getSimpleName());
        } catch (RuntimeException | LinkageError e) {
            g.writeStringField("javaError", message(e));
        }
        try {
            BLAS blas = NativeBLAS.getInstance();
            g.writeStringField("native", blas.getClass().getSimpleName());
            g.writeStringField("nativeLibraries", blasLibraries());
        } catch (RuntimeException | LinkageError e) {
            g.writeStringField("nativeError", message(e));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("ejml");
        try {
            g.writeStringField("version", org.ejml.EjmlVersion.VERSION);
        } catch (RuntimeException | LinkageError e) {
            g.writeStringField("error", message(e));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("onnxruntime");
        try {
            g.writeStringField("version", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        } catch (RuntimeException | LinkageError e) {
            g.writeStringField("error", message(e));
        }
        g.writeEndObject();
    }

    /** @return the BLAS shared objects this process mapped (Linux), e.g. OpenBLAS behind libblas.so.3 */
    private static String blasLibraries() {
        try {
            TreeSet<String> libs = new TreeSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                String path = slash < 0 ? "" : line.substring(slash);
                String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                if (name.startsWith("libblas") || name.startsWith("libopenblas") || name.startsWith("libblis")
                        || name.startsWith("libmkl")) {
                    libs.add(path);
                }
            }
            return libs.isEmpty() ? "unknown" : String.join(" + ", libs);
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
