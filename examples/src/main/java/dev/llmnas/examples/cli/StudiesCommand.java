package dev.llmnas.examples.cli;

import dev.llmnas.core.LlmnasException;
import dev.llmnas.study.Studies;
import dev.llmnas.study.Study;
import dev.llmnas.study.StudyDatabase;
import dev.llmnas.study.StudyException;
import dev.llmnas.study.StudyOptions;
import dev.llmnas.study.StudyRecipe;
import dev.llmnas.study.TrialState;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studies}: create a study from plain settings, list the studies of a database with their progress, show
 * one (best so far, trials by state, per-worker counts), export its trials as CSV or JSON. Bad input (an
 * unreachable database, refused credentials, an unknown study) prints one line and exits 2, writing nothing.
 */
@Command(name = "studies", header = "Searches kept in a database: create, list, show, export.",
        mixinStandardHelpOptions = true, versionProvider = LlmnasCli.Version.class,
        subcommands = {StudiesCommand.Create.class, StudiesCommand.ListStudies.class, StudiesCommand.Show.class,
            StudiesCommand.Export.class})
final class StudiesCommand {

    /** Runs a study command body, turning study errors into one line and exit 2. */
    static int guarded(CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (IllegalArgumentException | LlmnasException e) {
            spec.commandLine().getErr().println("error: " + LlmnasCli.oneLine(e));
            return e instanceof StudyException || e instanceof IllegalArgumentException ? LlmnasCli.EXIT_USAGE
                    : LlmnasCli.EXIT_FAILURE;
        }
    }

    @Command(name = "create", header = "Create a study (or open the existing one of the same settings).",
            mixinStandardHelpOptions = true, sortOptions = false)
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Mixin
        DataOption data;
        @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study's name")
        String study;
        @Option(names = "--space", defaultValue = "nb201", paramLabel = "SPACE",
                description = "nb201 (default), hat-wmt14ende, hat-wmt14enfr or hat-wmt19ende")
        String space;
        @Option(names = "--strategy", defaultValue = "hybrid", paramLabel = "NAME",
                description = "hybrid (default: the paper's schedule), hybrid-guided (the guided schedule's defaults in"
                        + " the expensive phase), evolution or random")
        String strategy;
        @Option(names = "--iterations", defaultValue = "10", description = "iterations (default 10)")
        int iterations;
        @Option(names = "--population", defaultValue = "20", description = "population size (default 20)")
        int population;
        @Option(names = "--seed", defaultValue = "0", description = "seed (default 0)")
        long seed;
        @Option(names = "--predictor", required = true, paramLabel = "SPEC",
                description = "the expensive predictor, whose calls are the trials: nats-bench:cifar10,"
                        + " http://host:port/score, or a scheme of your own PredictorProvider")
        String predictor;
        @Option(names = "--initial-predictor", paramLabel = "SPEC",
                description = "hybrid: the cheap predictor, run by the process that advances the search")
        String initialPredictor;
        @Option(names = "--switch-at", paramLabel = "ITERATION", description = "hybrid: first iteration of"
                + " the expensive predictor (default: half way)")
        Integer switchAt;
        @Option(names = "--max-attempts", defaultValue = "3", description = "attempts before a trial fails (default 3)")
        int maxAttempts;
        @Option(names = "--grace", defaultValue = "60", paramLabel = "SECONDS",
                description = "seconds without a heartbeat before a running trial returns to pending (default 60)")
        int graceSeconds;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                checkOptions();
                StudyRecipe recipe = new StudyRecipe(space, strategy, iterations, population, seed, predictor,
                        initialPredictor, switchAt);
                StudyOptions options = new StudyOptions(maxAttempts, Duration.ofSeconds(graceSeconds));
                Path dataDir = data.resolve();
                database.refuseInside(dataDir);
                for (String[] p : new String[][] {{"--predictor", predictor}, {"--initial-predictor", initialPredictor}}) {
                    try {
                        if (p[1] != null) {
                            dev.llmnas.study.PredictorSpecs.create(p[1], dataDir);
                        }
                    } catch (IllegalArgumentException e) {
                        throw CliErrors.illegal(p[0], "predictor", e);
                    }
                }
                // every bad setting is refused before the database is touched
                recipe.factory(dataDir, null);
                try (StudyDatabase db = database.open(true)) {
                    Study s = recipe.createStudy(db, study, options, dataDir);
                    spec.commandLine().getOut().println("study '" + s.name() + "' in " + db.url() + ": "
                            + strategy + " on " + space + ", " + iterations + " iterations; start workers with:"
                            + " java -jar llmnas-examples.jar worker " + database.retyped(db.url())
                            + " --study " + s.name());
                }
                return 0;
            });
        }

        /** Every option the library would refuse, refused first with the option's name (nothing is touched). */
        private void checkOptions() {
            if (study.isEmpty() || study.length() > 200) {
                throw new IllegalArgumentException("--study: '" + study + "' is not allowed; a study name has 1 to 200"
                        + " characters");
            }
            if (!StudyRecipe.SPACES.contains(space)) {
                throw new IllegalArgumentException("--space: '" + space + "' is not one of " + StudyRecipe.SPACES);
            }
            if (!StudyRecipe.STRATEGIES.contains(strategy)) {
                throw new IllegalArgumentException("--strategy: '" + strategy + "' is not one of "
                        + StudyRecipe.STRATEGIES);
            }
            CliErrors.atLeast("--iterations", iterations, 1, "");
            CliErrors.atLeast("--population", population, 2, "");
            boolean hybrid = strategy.startsWith("hybrid");
            if (hybrid && initialPredictor == null) {
                throw new IllegalArgumentException("--initial-predictor: missing; --strategy " + strategy + " needs the"
                        + " cheap predictor, e.g. --initial-predictor nats-bench:cifar100");
            }
            if (!hybrid && (initialPredictor != null || switchAt != null)) {
                throw new IllegalArgumentException((initialPredictor != null ? "--initial-predictor" : "--switch-at")
                        + ": only used with --strategy hybrid or hybrid-guided, not --strategy " + strategy);
            }
            if (strategy.equals("hybrid-guided") && (iterations < 2
                    || (switchAt != null && (switchAt < 1 || switchAt >= iterations)))) {
                throw new IllegalArgumentException(iterations < 2
                        ? "--iterations: " + iterations + " is not allowed with --strategy hybrid-guided; it needs at"
                        + " least 2 (a cheap and an expensive phase)"
                        : "--switch-at: " + switchAt + " is not allowed with --strategy hybrid-guided; it needs both"
                        + " phases, a switch in [1, " + (iterations - 1) + "]");
            }
            if (switchAt != null && (switchAt < 0 || switchAt > iterations)) {
                throw new IllegalArgumentException("--switch-at: " + switchAt + " is not allowed; it must be in [0, "
                        + iterations + "] (the --iterations)");
            }
            CliErrors.atLeast("--max-attempts", maxAttempts, 1, "");
            CliErrors.atLeast("--grace", graceSeconds, 1, " (seconds)");
            database.checkUrl();
        }
    }

    @Command(name = "list", header = "List the studies with their progress.", mixinStandardHelpOptions = true)
    static final class ListStudies implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                try (StudyDatabase db = database.open(false)) {
                    PrintWriter out = spec.commandLine().getOut();
                    out.printf(Locale.ROOT, "%-24s %-10s %-14s %-9s %8s %8s %8s %8s %s%n", "study", "strategy",
                            "space", "progress", "pending", "running", "complete", "failed", "best");
                    for (Studies.Summary s : Studies.list(db)) {
                        out.printf(Locale.ROOT, "%-24s %-10s %-14s %-9s %8d %8d %8d %8d %s%n", s.name(), s.strategy(),
                                s.space(), s.finished() ? "done" : s.iterationsDone() + "/" + s.iterations(),
                                s.trials().get(TrialState.PENDING), s.trials().get(TrialState.RUNNING),
                                s.trials().get(TrialState.COMPLETE), s.trials().get(TrialState.FAILED),
                                s.bestScore() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.bestScore()));
                    }
                    out.flush();
                }
                return 0;
            });
        }
    }

    @Command(name = "show", header = "Show one study: best so far, trials by state, per-worker counts.",
            mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study's name")
        String study;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                try (StudyDatabase db = database.open(false)) {
                    Studies.Summary s = Studies.show(db, study);
                    PrintWriter out = spec.commandLine().getOut();
                    out.println("study:     " + s.name() + " (" + s.strategy() + " on " + s.space() + ")");
                    out.println("progress:  " + (s.finished() ? "finished" : "running") + ", " + s.iterationsDone()
                            + " of " + s.iterations() + " iterations stored");
                    out.println("best:      " + (s.bestScore() == null ? "-" : s.bestScore() + " by "
                            + s.bestPredictor() + " for " + s.bestArchitecture()));
                    out.println("trials:    " + s.trials());
                    for (Map.Entry<String, Map<TrialState, Long>> w : s.workers().entrySet()) {
                        out.println("worker:    " + w.getKey() + " " + w.getValue());
                    }
                    out.flush();
                }
                return 0;
            });
        }
    }

    @Command(name = "export", header = "Export a study's trials as CSV or JSON.", mixinStandardHelpOptions = true)
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study's name")
        String study;
        @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT", description = "csv (default) or json")
        String format;
        @Option(names = "--out", paramLabel = "FILE", description = "write to FILE (default: standard output)")
        Path out;
        @Mixin
        DataOption data;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                Studies.Format f = switch (format.toLowerCase(Locale.ROOT)) {
                    case "csv" -> Studies.Format.CSV;
                    case "json" -> Studies.Format.JSON;
                    default -> throw new IllegalArgumentException("--format: '" + format + "' is not one of csv,"
                            + " json");
                };
                Path guardedData = data.guarded();
                OutputPaths.refuseInside(out, "--out", guardedData);
                try (StudyDatabase db = database.open(false)) {
                    Studies.show(db, study);
                    if (out == null) {
                        PrintWriter w = spec.commandLine().getOut();
                        Studies.export(db, study, f, w);
                        w.flush();
                    } else {
                        // written beside the target and moved into place: never a half-written file
                        try (OutputTransaction outputs = new OutputTransaction(guardedData)) {
                            Path tmp = outputs.claim(out, "--out");
                            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                                Studies.export(db, study, f, w);
                            }
                            outputs.commit();
                        }
                    }
                }
                return 0;
            });
        }
    }
}
