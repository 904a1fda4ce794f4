package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A new JVM on the test class path, for what this JVM has settled long before any test ran (the provider, and the
 * tuning properties that are read once): the settings are given as {@code -D} flags and a main class prints what
 * each call did, one line each.
 */
final class ForkedJvm {
    private ForkedJvm() {}

    /**
     * Runs {@code main} in a new JVM (C1 only: it starts faster, and the scalar provider it then chooses is enough
     * for what these runs check).
     *
     * @return the lines it printed on its standard output (its standard error, where the JDK's incubator warning
     *         and the provider's log line go, is shown only when it fails)
     */
    static List<String> run(Class<?> main, String... jvmArgs) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--add-modules", "jdk.incubator.vector"));
        flags.addAll(List.of(jvmArgs));
        return launch(main, flags).stdoutOrFail();
    }

    /** What a forked JVM did: its exit status and the lines it printed on its standard output and error. */
    record Output(int exitValue, List<String> stdout, List<String> stderr) {
        /** @return the standard output, after checking that the JVM exited with 0 (else failing with both streams) */
        List<String> stdoutOrFail() {
            assertEquals(0, exitValue, "the forked JVM failed; stdout:\n" + String.join("\n", stdout)
                    + "\nstderr:\n" + String.join("\n", stderr));
            return stdout;
        }
    }

    /**
     * Runs {@code main} in a new JVM on the test class path with exactly the given JVM flags: none of this JVM's
     * flags or {@code -D} settings (those of the surefire execution included) are passed on, and the environment
     * variables the launcher reads flags from ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS},
     * {@code _JAVA_OPTIONS}) are removed.
     *
     * @return its exit status, standard output and standard error, whatever the exit status
     */
    static Output launch(Class<?> main, List<String> jvmArgs) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Path out = Files.createTempFile("resvec-fork", ".out");
        Path err = Files.createTempFile("resvec-fork", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("the forked JVM did not finish in 60 s: " + command + "\nstderr:\n" + Files.readString(err));
            }
            return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).lines().toList(),
                    Files.readString(err, StandardCharsets.UTF_8).lines().toList());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@code call} and prints {@code what returned}, or {@code what} and the simple name and message thrown. */
    static void report(String what, Runnable call) {
        try {
            call.run();
            System.out.println(what + " returned");
        } catch (Throwable t) {
            System.out.println(what + " " + t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    }
}
