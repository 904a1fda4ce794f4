package dev.resvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code resvec --help}: the description wraps at the usage width, not at a break in the source. */
class MainTest {
    private static String help(int width) {
        CommandLine cl = Main.commandLine();
        cl.setUsageHelpWidth(width);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--help"));
        return out.toString();
    }

    @Test
    void theDescriptionIsOneParagraphWrappedToTheWidth() {
        String wide = help(200);
        assertTrue(wide.contains("a CIFAR ResNet-20 learns the embedded 10-class shapes set (about"), wide);
        for (String line : help(80).lines().toList()) {
            assertTrue(line.length() <= 80, "wider than 80: " + line);
        }
    }
}
