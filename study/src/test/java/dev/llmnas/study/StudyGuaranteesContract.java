package dev.llmnas.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guarantees every database must give; run by one subclass per database. */
abstract class StudyGuaranteesContract {
    static final long SEED = 11;
    @TempDir
    Path tmp;

    /** A fresh, empty database URL for one test. */
    abstract String url();

    abstract String user();

    abstract String password();

    StudyDatabase create() {
        return StudyDatabase.open(url(), user(), password(), true);
    }

    static SearchResult reference() {
        return StudyFixtures.builder(StudyFixtures.cheap(), new StudyFixtures.Expensive(null, 0), SEED).build().run();
    }

    static void assertSameRun(SearchResult actual, SearchResult expected) {
        assertThat(actual.best()).isEqualTo(expected.best());
        assertThat(actual.history()).isEqualTo(expected.history());
        assertThat(actual.population()).isEqualTo(expected.population());
        assertThat(actual.paretoFront()).isEqualTo(expected.paretoFront());
        assertThat(actual.calls()).isEqualTo(expected.calls());
    }

    @Test
    void a_study_run_by_one_process_ends_with_the_result_of_the_plain_search() {
        SearchResult expected = reference();
        var expensive = new StudyFixtures.Expensive(null, 0);
        try (StudyDatabase db = create()) {
            Study study = Study.create(db, "one", StudyFixtures.factory(expensive, SEED), StudyOptions.DEFAULTS);
            SearchResult result = study.optimize();

            assertSameRun(result, expected);
            assertThat(expensive.calls.get()).isEqualTo(expected.callsTo(expensive.name()));
            assertThat(count(db, "SELECT COUNT(*) FROM trial WHERE state = 'complete'"))
                    .isEqualTo(expected.callsTo(expensive.name()));
            assertThat(count(db, "SELECT COUNT(*) FROM generation")).isEqualTo(StudyFixtures.ITERATIONS + 1);
            // opening it again later gives the same result without a single call
            var again = new StudyFixtures.Expensive(null, 0);
            assertSameRun(Study.open(db, "one", StudyFixtures.factory(again, SEED)).result().orElseThrow(), expected);
            assertThat(again.calls.get()).isZero();
        }
    }

    @Test
    void four_worker_processes_two_killed_and_restarted_end_with_the_result_of_the_plain_search() throws Exception {
        SearchResult expected = reference();
        long expectedCalls = expected.callsTo(new StudyFixtures.Expensive(null, 0).name());
        Path log = tmp.resolve("calls.log");
        try (StudyDatabase db = create()) {
            Study.create(db, "many", StudyFixtures.factory(new StudyFixtures.Expensive(null, 0), SEED),
                    new StudyOptions(3, Duration.ofSeconds(2)));
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(startWorker("many", log, "w" + i));
            }
            // kill two workers once the expensive phase is well under way, while they evaluate
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (lines(log) < expectedCalls / 3 && System.nanoTime() < deadline && workers.get(0).isAlive()) {
                Thread.sleep(20);
            }
            workers.get(0).destroyForcibly().waitFor();
            workers.get(1).destroyForcibly().waitFor();
            long atKill = count(db, "SELECT COUNT(*) FROM trial WHERE state = 'complete'");
            assertThat(atKill).as("the kills landed mid-run").isLessThan(expectedCalls);
            Thread.sleep(300);
            workers.set(0, startWorker("many", log, "w0-restarted"));
            workers.set(1, startWorker("many", log, "w1-restarted"));
            for (Process p : workers) {
                assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("worker finished").isTrue();
                assertThat(p.exitValue()).as("worker exit code").isZero();
            }

            Study study = Study.open(db, "many", StudyFixtures.factory(new StudyFixtures.Expensive(null, 0), SEED));
            assertSameRun(study.result().orElseThrow(), expected);
            // every trial recorded exactly once, none lost
            assertThat(count(db, "SELECT COUNT(*) FROM trial WHERE state = 'complete'")).isEqualTo(expectedCalls);
            assertThat(count(db, "SELECT COUNT(*) FROM trial")).isEqualTo(expectedCalls);
            assertThat(count(db, "SELECT COUNT(DISTINCT architecture_key) FROM trial")).isEqualTo(expectedCalls);
            // expensive calls: at most the single run's plus one in flight per killed worker
            assertThat(lines(log)).isBetween(expectedCalls, expectedCalls + 2);
            assertThat(count(db, "SELECT COUNT(*) FROM generation")).isEqualTo(StudyFixtures.ITERATIONS + 1);
        }
    }

    @Test
    void an_unknown_study_is_refused_with_one_line_naming_the_existing_ones() {
        try (StudyDatabase db = create()) {
            Study.create(db, "known", StudyFixtures.factory(new StudyFixtures.Expensive(null, 0), SEED),
                    StudyOptions.DEFAULTS);
            assertThatThrownBy(() -> Study.open(db, "unknown",
                    StudyFixtures.factory(new StudyFixtures.Expensive(null, 0), SEED)))
                    .isInstanceOf(StudyException.class)
                    .hasMessageNotContaining("\n")
                    .hasMessageContaining("study 'unknown' does not exist in " + url())
                    .hasMessageContaining("[known]");
            assertThat(count(db, "SELECT COUNT(*) FROM study")).isEqualTo(1);
        }
    }

    @Test
    void a_process_with_a_search_of_another_space_is_refused_with_both_fingerprints_and_writes_nothing() {
        try (StudyDatabase db = create()) {
            Study study = Study.create(db, "s", StudyFixtures.factory(new StudyFixtures.Expensive(null, 0), SEED),
                    StudyOptions.DEFAULTS);
            assertThat(study.ask("w")).isPresent();
            long trials = count(db, "SELECT COUNT(*) FROM trial");
            long generations = count(db, "SELECT COUNT(*) FROM generation");
            SearchSpace other = HatSpaces.wmt14ende();
            SearchFactory otherSpace = ctx -> StudyFixtures.builder(StudyFixtures.cheap(),
                    ctx.distributed(new StudyFixtures.Expensive(null, 0)), SEED).space(other)
                    .checkpoint(ctx.checkpoint()).listener(ctx.listener()).build();

            assertThatThrownBy(() -> Study.open(db, "s", otherSpace))
                    .isInstanceOf(StudyException.class)
                    .hasMessageNotContaining("\n")
                    .hasMessageContaining("was created by another configuration: space is '"
                            + dev.llmnas.core.spaces.Nb201Space.space().name() + "' there but '" + other.name()
                            + "' here (definition fingerprint '" + dev.llmnas.core.spaces.Nb201Space.space().fingerprint()
                            + "' there, '" + other.fingerprint() + "' here)")
                    .hasMessageMatching(".*fingerprint [0-9a-f]{64} there, [0-9a-f]{64} here");
            assertThat(count(db, "SELECT COUNT(*) FROM trial")).isEqualTo(trials);
            assertThat(count(db, "SELECT COUNT(*) FROM generation")).isEqualTo(generations);
        }
    }

    @Test
    void a_trial_failing_its_attempts_is_marked_failed_with_every_reason_and_the_search_goes_on() {
        try (StudyDatabase db = create()) {
            Study study = Study.create(db, "f", StudyFixtures.factory(new StudyFixtures.Expensive(null, 0), SEED),
                    new StudyOptions(2, Duration.ofSeconds(60)));
            Trial first = study.ask("w1").orElseThrow();
            assertThat(first.attempt()).isEqualTo(1);
            assertThat(study.fail(first.id(), "out of GPU memory")).isEqualTo(TrialState.PENDING);
            Trial again = study.ask("w2").orElseThrow();
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.attempt()).isEqualTo(2);
            assertThat(study.fail(again.id(), "node lost")).isEqualTo(TrialState.FAILED);
            assertThat(Studies.trials(db, "f")).filteredOn(t -> t.id() == first.id()).singleElement()
                    .satisfies(t -> assertThat(t.reasons()).isEqualTo("out of GPU memory\nnode lost"));
            // a result arriving after the trial was given up on is not recorded
            assertThat(study.tell(first.id(), 90.0)).isFalse();

            var expensive = new StudyFixtures.Expensive(null, 0);
            new Worker(study, "w3", java.util.Map.of(expensive.name(), expensive), Duration.ofMillis(10)).run();
            SearchResult done = study.result().orElseThrow();
            assertThat(done.history()).hasSize(StudyFixtures.ITERATIONS);
            assertThat(done.population()).extracting(a -> a.architecture().key())
                    .doesNotContain(first.architecture().key());
        }
    }

    @Test
    void a_trial_whose_worker_stopped_heartbeating_returns_to_pending_after_the_grace() throws Exception {
        try (StudyDatabase db = create()) {
            Study study = Study.create(db, "h", StudyFixtures.factory(new StudyFixtures.Expensive(null, 0), SEED),
                    new StudyOptions(3, Duration.ofSeconds(1)));
            Trial lost = study.ask("dead").orElseThrow();
            assertThat(study.reclaimStale()).isZero();
            Thread.sleep(1500);
            assertThat(study.reclaimStale()).isEqualTo(1);
            assertThat(study.trialState(lost.id())).isEqualTo(TrialState.PENDING);
            Trial retried = study.ask("alive").orElseThrow();
            assertThat(retried.id()).isEqualTo(lost.id());
            assertThat(retried.attempt()).isEqualTo(2);
            assertThat(study.heartbeat(retried.id(), "dead")).isFalse();
            assertThat(study.heartbeat(retried.id(), "alive")).isTrue();
            assertThat(study.tell(retried.id(), 91.5)).isTrue();
            assertThat(study.tell(retried.id(), 91.5)).isFalse();
        }
    }

    private Process startWorker(String study, Path log, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", WorkerMain.class.getName(), url(),
                user() == null ? "" : user(), password() == null ? "" : password(), study, String.valueOf(SEED),
                log.toString(), "15", name);
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve(name + ".out").toFile());
        return pb.start();
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return s.filter(l -> !l.isBlank()).count();
        }
    }

    static long count(StudyDatabase db, String sql) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
