package dev.resvec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code resvec} command. With no sub-command it runs the main job, {@code resvec train} with its defaults: a
 * CIFAR ResNet-20 trained on the embedded shapes set (the README's first command).
 *
 * <p>Exit codes: 0 success, 1 a failure while running (a message on stderr), 2 bad usage (the message and the
 * usage on stderr).
 */
@Command(name = "resvec",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "ResVec: pure-Java SIMD kernels (Java Vector API) and the ResNet stack they power.",
            "",
            // one element per paragraph: picocli wraps it to the usage width (a break here would show mid-sentence)
            "With no command, runs 'resvec train' with its defaults: a CIFAR ResNet-20 learns the embedded"
                    + " 10-class shapes set (about 2.5 minutes on 2 cores), then held-out accuracy, a checkpoint and"
                    + " a chart."},
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ProfileCommand.class,
            InfoCommand.class, GemmCommand.class, BenchCommand.class, HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 bad usage.",
            "JVM options: set RESVEC_JAVA_OPTS for the ./resvec launcher, e.g. -Dresvec.kernels=scalar."})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the {@code resvec} command line, with its error handling set up (tests call it too) */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // Bad usage: the message and a pointer to --help, not the whole help text (exit code 2).
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("resvec: " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("resvec: error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("RESVEC_STACKTRACE") != null) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set RESVEC_STACKTRACE=1 to see the stack trace)");
            }
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    /** The sub-command that runs when none is given: the main job. */
    static final String MAIN_JOB = "train";

    /** No sub-command: run the main job, {@link #MAIN_JOB} with its defaults. */
    @Override
    public Integer call() {
        return spec.subcommands().get(MAIN_JOB).execute();
    }

    /** The version from the build (a filtered resource). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = "unknown";
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException e) {
                // keep "unknown"
            }
            return new String[] {"resvec " + version,
                "JVM: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.vm.version") + ", " + System.getProperty("java.vendor") + ")",
                "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch")};
        }
    }
}
