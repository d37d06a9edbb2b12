package dev.llmnas.study;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker process for the multi-process tests: {@code WorkerMain <url> <user> <password> <study> <seed> <log>
 * <sleepMillis> <name>}. Evaluates the study's trials until the search has finished.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        String user = args[1].isEmpty() ? null : args[1];
        String password = args[2].isEmpty() ? null : args[2];
        try (StudyDatabase db = StudyDatabase.open(args[0], user, password, false)) {
            var expensive = new StudyFixtures.Expensive(Path.of(args[5]), Long.parseLong(args[6]));
            Study study = Study.open(db, args[3], StudyFixtures.factory(expensive, Long.parseLong(args[4])));
            new Worker(study, args[7], study.predictors(), Duration.ofMillis(50)).run();
        }
    }
}
