package dev.llmnas.examples.cli;

import dev.llmnas.core.LlmnasException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code llmnas} command line: {@code java -jar examples/target/llmnas-examples.jar <command>}.
 * Errors print one line to standard error and exit non-zero; {@code --stacktrace} shows the full trace.
 */
@Command(name = "llmnas", mixinStandardHelpOptions = true, versionProvider = LlmnasCli.Version.class,
        description = "LLM performance predictors, distillation and hybrid architecture search.",
        footer = {"", "Data: --data DIR, else $LLMNAS_DATA, else ../shared/data. Errors print one line and exit 2"
                + " (bad input) or 1 (failure while running); add --stacktrace to any command to see the full trace."},
        subcommands = {
            DescribeCommand.class,
            LabelCommand.class,
            PredictorsCommand.class,
            SearchBenchmarkCommand.class,
            LatencyPredictorsCommand.class,
            QuickstartCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LlmnasCli {

    /** Exit code for bad input (wrong flag values, missing files, malformed data). */
    public static final int EXIT_USAGE = 2;
    /** Exit code for failures while running (an unreachable LLM endpoint, a failed prediction). */
    public static final int EXIT_FAILURE = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        boolean stacktrace = java.util.Arrays.asList(args).contains("--stacktrace");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        CommandLine cli = new CommandLine(new LlmnasCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (stacktrace) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("error: " + oneLine(ex));
            return ex instanceof IllegalArgumentException || ex instanceof dev.llmnas.core.DataFormatException
                    || ex instanceof dev.llmnas.core.InvalidArchitectureException ? EXIT_USAGE : EXIT_FAILURE;
        });
        // a wrong flag or value is one line pointing at the help, not the whole usage text
        cli.setParameterExceptionHandler((ex, args2) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + String.valueOf(ex.getMessage()).replaceAll("\\s*\\R\\s*", " ") + " (see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
            return EXIT_USAGE;
        });
        return cli.execute(rest);
    }

    static String oneLine(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        if (!(ex instanceof LlmnasException) && !(ex instanceof IllegalArgumentException)
                && !(ex instanceof IllegalStateException) && ex.getCause() == null) {
            msg = ex.getClass().getSimpleName() + ": " + msg;
        }
        return msg.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Version from the jar manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LlmnasCli.class.getPackage().getImplementationVersion();
            return new String[] {"llmnas " + (v == null ? "development" : v)};
        }
    }
}
