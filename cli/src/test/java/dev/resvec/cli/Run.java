package dev.resvec.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * What a {@code resvec} command printed, and its exit code.
 *
 * @param exitCode the exit code
 * @param out      what it printed on standard output
 * @param err      what it printed on standard error
 */
record Run(int exitCode, String out, String err) {
    /** @return the outcome of {@code resvec args...}, through the command line the launcher uses */
    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
