package dev.resvec.cli;

import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GemmCommandTest {
    /** A table row: n, threads, median GFLOP/s, "min – max", samples. */
    private static final Pattern ROW =
            Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+) – ([0-9.]+)\\s+(\\d+)$");

    private static List<int[]> rows(String out) {
        List<int[]> rows = new ArrayList<>();
        for (String line : out.split("\\R")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                double median = Double.parseDouble(m.group(3));
                double min = Double.parseDouble(m.group(4)), max = Double.parseDouble(m.group(5));
                assertTrue(min <= median && median <= max && min >= 0, line);
                assertTrue(Integer.parseInt(m.group(6)) >= GemmCommand.MIN_SAMPLES, line);
            }
        }
        return rows;
    }

    @Test
    void parsesOptionsAndDefaults() {
        GemmCommand cmd = new GemmCommand();
        new CommandLine(cmd).parseArgs("--sizes", "8,16", "--threads", "1,3", "--time", "0.5");
        assertEquals(List.of(8, 16), cmd.sizes);
        assertEquals(List.of(1, 3), cmd.threadCounts());
        assertEquals(0.5, cmd.seconds);

        GemmCommand defaults = new GemmCommand();
        new CommandLine(defaults).parseArgs();
        assertEquals(List.of(64, 128, 256, 512, 1024, 2048), defaults.sizes);
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(cpus > 1 ? List.of(1, cpus) : List.of(1), defaults.threadCounts());
        assertEquals(0.3, defaults.seconds);
        assertEquals(4, defaults.jitWarmupSeconds);
    }

    @Test
    void tinyRunPrintsOneRowPerSizeAndThreadCount() {
        Run r = run("gemm", "--sizes", "8,13", "--threads", "1,2", "--time", "0.01", "--jit-warmup", "0.05");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("kernels: "), r.out());
        List<int[]> rows = rows(r.out());
        assertEquals(4, rows.size(), r.out());
        int[][] expected = {{8, 1}, {8, 2}, {13, 1}, {13, 2}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], rows.get(i)[0], r.out());
            assertEquals(expected[i][1], rows.get(i)[1], r.out());
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        for (String[] args : new String[][] {
                {"gemm", "--sizes", "0"}, {"gemm", "--sizes", "8,-4"}, {"gemm", "--threads", "-1"},
                {"gemm", "--threads=0"}, {"gemm", "--sizes", "abc"}, {"gemm", "--time", "0"},
                {"gemm", "--sizes", "99999"}, {"gemm", "--jit-warmup", "-1"}, {"gemm", "--no-such-option"}, {"no-such-command"}}) {
            Run r = run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertTrue(r.err().contains("--help' for more information"), String.join(" ", args) + "\n" + r.err());
            assertTrue(rows(r.out()).isEmpty(), r.out());
        }
        Run zero = run("gemm", "--sizes", "0");
        assertTrue(zero.err().contains("sizes must be between 1 and"), zero.err());
        Run negative = run("gemm", "--threads", "-1");
        assertTrue(negative.err().contains("at least 1, got -1"), negative.err());
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("gemm"), help.out());
        Run gemmHelp = run("gemm", "--help");
        assertEquals(0, gemmHelp.exitCode());
        assertTrue(gemmHelp.out().contains("not JMH"), gemmHelp.out());
        assertTrue(gemmHelp.out().contains("--threads"), gemmHelp.out());
        Run helpCommand = run("help", "gemm");
        assertEquals(0, helpCommand.exitCode());
        Run version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("resvec "), version.out());
    }
}
