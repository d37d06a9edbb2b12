package dev.llmnas.examples.cli;

import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.study.PredictorSpecs;
import dev.llmnas.study.Study;
import dev.llmnas.study.StudyDatabase;
import dev.llmnas.study.StudyRecipe;
import dev.llmnas.study.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code worker}: evaluates a study's trials on this machine until the search has finished, advancing the search
 * whenever a generation is complete. Start any number, anywhere; kill and restart them at will.
 */
@Command(name = "worker", header = "Evaluate a study's trials on this machine until the search has finished.",
        mixinStandardHelpOptions = true, versionProvider = LlmnasCli.Version.class, sortOptions = false)
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DatabaseOptions database;
    @Mixin
    DataOption data;
    @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study's name")
    String study;
    @Option(names = "--name", paramLabel = "NAME", description = "this worker's name (default: host:pid)")
    String name;
    @Option(names = "--predictor", paramLabel = "SPEC",
            description = "evaluate with this predictor instead of the study's (e.g. this machine's scoring"
                    + " service); it must have the same name")
    String predictor;
    @Option(names = "--poll", defaultValue = "1000", paramLabel = "MILLIS",
            description = "wait between polls when every open trial runs elsewhere (default 1000)")
    long pollMillis;

    @Override
    public Integer call() throws Exception {
        return StudiesCommand.guarded(spec, () -> {
            CliErrors.atLeast("--poll", pollMillis, 1, " (milliseconds)");
            database.checkUrl();
            Path dataDir = data.resolve();
            database.refuseInside(dataDir);
            PerformancePredictor local;
            try {
                local = predictor == null ? null : PredictorSpecs.create(predictor, dataDir);
            } catch (IllegalArgumentException e) {
                throw CliErrors.illegal("--predictor", "predictor", e);
            }
            try (StudyDatabase db = database.open(false)) {
                Study s = StudyRecipe.openStudy(db, study, dataDir, local);
                String me = name != null ? name : Study.PROCESS_WORKER;
                Worker worker = new Worker(s, me, s.predictors(), Duration.ofMillis(pollMillis));
                worker.run();
                spec.commandLine().getOut().println("worker " + me + ": " + worker.evaluated() + " trials evaluated;"
                        + " study '" + study + "' has finished");
                spec.commandLine().getOut().flush();
            }
            return 0;
        });
    }

}
