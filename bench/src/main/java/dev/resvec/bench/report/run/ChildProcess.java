package dev.resvec.bench.report.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to completion with a time limit: stdout captured, stderr appended to a log file (or
 * discarded), the process killed (with its descendants) when the limit passes.
 */
final class ChildProcess {
    private ChildProcess() {}

    /**
     * The result of a run.
     *
     * @param exitCode the exit status, or -1 when the time limit killed it
     * @param stdout   what it printed on stdout
     */
    record Result(int exitCode, String stdout) {}

    /**
     * @param command the program and its arguments
     * @param log     where stderr goes (appended), or null to discard it
     * @param seconds the time limit
     * @throws IOException when the program cannot be started
     */
    static Result run(List<String> command, Path log, long seconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (log != null) {
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        // Read stdout on another thread so that a chatty child cannot block on a full pipe while we wait.
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("\n(stdout unreadable: ").append(e.getMessage()).append(')');
            }
        });
        try {
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return new Result(done ? p.exitValue() : -1, out.toString());
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    /** @return the command that runs {@code mainClass} in a JVM like this one, with these JVM arguments */
    static List<String> java(List<String> jvmArgs, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** @return the last non-blank lines of a log file, for an error message */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return String.join(" / ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
