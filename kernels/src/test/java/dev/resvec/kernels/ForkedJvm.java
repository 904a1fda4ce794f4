package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(jvmArgs));
        command.add(main.getName());
        Path err = Files.createTempFile("resvec-fork", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the forked JVM did not finish");
            String text = new String(out, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), text + Files.readString(err));
            return text.lines().toList();
        } finally {
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
