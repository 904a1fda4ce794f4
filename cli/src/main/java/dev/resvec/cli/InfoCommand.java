package dev.resvec.cli;

import dev.resvec.kernels.Kernels;
import dev.resvec.kernels.Parallelism;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code resvec info}: the kernel provider, the JDK, the CPU and its cores. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints the kernel provider (vector width, FMA), the JDK, the CPU model and the core count.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Kernels: " + Kernels.provider().describe());
        out.println("JDK:     " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")");
        out.println("OS:      " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        out.println("CPU:     " + cpuModel());
        out.println("Cores:   " + Runtime.getRuntime().availableProcessors() + " available, "
                + Parallelism.defaultThreads() + " kernel threads");
        out.flush();
        return 0;
    }

    /** @return the "model name" of /proc/cpuinfo, or "unknown" where there is none */
    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name") && line.indexOf(':') > 0) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through
            }
        }
        return "unknown (" + System.getProperty("os.arch") + ")";
    }
}
