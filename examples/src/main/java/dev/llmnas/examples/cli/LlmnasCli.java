package dev.llmnas.examples.cli;

import dev.llmnas.core.LlmnasException;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code llmnas} command line: {@code java -jar examples/target/llmnas-examples.jar <command>}.
 * Errors print one line to standard error and exit non-zero; {@code --stacktrace} shows the full trace.
 */
@Command(name = "llmnas", mixinStandardHelpOptions = true, versionProvider = LlmnasCli.Version.class,
        description = "LLM performance predictors, distillation and hybrid architecture search.",
        footer = {"", "Data: --data DIR, else $LLMNAS_DATA, else ../shared/data. Errors print one line and exit 2"
                + " (bad input) or 1 (failure while running); add --stacktrace to any command to see the full trace.",
            "One name per meaning: --pool FILE, --pool-size N, --seed (the run's seed), --split (123/456/789),"
                + " --cache FILE, --no-progress. Old spellings still work: --pool N (now --pool-size),"
                + " --split-seed and label's --seed (now --split), --llm-cache (now --cache).",
            "Relative paths resolve against the working directory. Outputs are written to a temporary file and"
                + " moved into place when a run succeeds (a stopped run removes them); an output another run is"
                + " writing, that is one of the inputs, or that lies in the data folder, is refused."},
        subcommands = {
            DescribeCommand.class,
            LabelCommand.class,
            PredictorsCommand.class,
            SearchBenchmarkCommand.class,
            ParetoBenchmarkCommand.class,
            LatencyPredictorsCommand.class,
            QuickstartCommand.class,
            StudiesCommand.class,
            WorkerCommand.class,
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
        return execute(commandLine(System.getenv()), args);
    }

    /**
     * The command line with its error handlers, reading LLM settings from {@code environment} instead of the
     * process environment (tests pass their own). Set its writers with {@code setOut}/{@code setErr}.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        Map<String, String> env = Map.copyOf(environment);
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(new LlmnasCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    var withEnvironment = cls.getDeclaredConstructor(Map.class);
                    withEnvironment.setAccessible(true);
                    return withEnvironment.newInstance(env);
                } catch (NoSuchMethodException none) {
                    return defaults.create(cls);
                }
            }
        });
        // every command's -V/--version prints the library version (picocli gives subcommands none of their own)
        giveVersion(cli);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + oneLine(ex));
            return ex instanceof IllegalArgumentException || ex instanceof dev.llmnas.core.DataFormatException
                    || ex instanceof dev.llmnas.core.InvalidArchitectureException ? EXIT_USAGE : EXIT_FAILURE;
        });
        // a wrong flag or value is one line pointing at the help, not the whole usage text
        cli.setParameterExceptionHandler((ex, args2) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + String.valueOf(ex.getMessage()).replaceAll("\\s*\\R\\s*", " ")
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USAGE;
        });
        return cli;
    }

    /** Gives every sub-command below {@code cli}, at every nesting level, the library's version provider. */
    private static void giveVersion(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
            giveVersion(sub);
        }
    }

    /** Executes {@code args} on {@code cli}; {@code --stacktrace} anywhere prints the trace of an error. */
    public static int execute(CommandLine cli, String... args) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--stacktrace")).toArray(String[]::new);
        if (!stacktrace) {
            return cli.execute(rest);
        }
        // the trace is this call's choice: wrap this command line's handler for the call, no shared state
        CommandLine.IExecutionExceptionHandler plain = cli.getExecutionExceptionHandler();
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            ex.printStackTrace(commandLine.getErr());
            return plain.handleExecutionException(ex, commandLine, parseResult);
        });
        try {
            return cli.execute(rest);
        } finally {
            cli.setExecutionExceptionHandler(plain);
        }
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

    /** The library version, from the one source every module records ({@link dev.llmnas.core.LlmnasVersion}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"llmnas " + dev.llmnas.core.LlmnasVersion.get()};
        }
    }
}
