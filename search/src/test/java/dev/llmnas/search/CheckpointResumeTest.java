package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointResumeTest {
    /** Loads the data before any test, so that a missing data folder fails once here, not inside a test. */
    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }

    @TempDir
    Path dir;

    /** Stands for the process being killed: nothing catches it but the test. */
    static final class Killed extends RuntimeException {
        Killed(String message) {
            super(message);
        }
    }

    private static TestPredictors.Counting expensive() {
        return new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    private static TestPredictors.Counting cheap() {
        return new TestPredictors.Counting(TestPredictors.errorRate(NatsBench.Dataset.CIFAR100));
    }

    private static HybridSearch.Builder hybrid(TestPredictors.Counting cheap, TestPredictors.Counting expensive) {
        return HybridSearch.builder().space(Nb201Space.space()).initialPredictor(cheap).finalPredictor(expensive)
                .constraint(Constraint.atMost(Nb201Space.CONVS, 5)).paretoMetric(Nb201Space.CELL_PARAMS).seed(21);
    }

    private static SearchListener stopAfter(int iteration) {
        return new SearchListener() {
            @Override
            public void iterationFinished(SearchProgress progress) {
                if (progress.iteration() == iteration) {
                    throw new Killed("stopped after iteration " + iteration);
                }
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 14, 15, 28, 29})
    void a_run_stopped_after_any_iteration_resumes_to_exactly_the_uninterrupted_result(int stopAfter) {
        SearchResult uninterrupted = hybrid(cheap(), expensive()).build().run();
        Path file = dir.resolve("run.json");
        var cheap = cheap();
        var expensive = expensive();

        assertThatThrownBy(() -> hybrid(cheap, expensive).checkpoint(file).listener(stopAfter(stopAfter)).build().run())
                .isInstanceOf(Killed.class);
        long callsBeforeTheKill = expensive.calls();
        SearchResult resumed = hybrid(cheap, expensive).checkpoint(file).build().resume(file);

        assertThat(Results.withoutWallTime(resumed)).isEqualTo(Results.withoutWallTime(uninterrupted));
        // across both processes every architecture reached each predictor once: no call was repeated
        assertThat(expensive.maxCallsOfOneArchitecture()).isLessThanOrEqualTo(1);
        assertThat(cheap.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(uninterrupted.callsTo(expensive.name()));
        assertThat(cheap.calls()).isEqualTo(uninterrupted.callsTo(cheap.name()));
        if (stopAfter >= 15) {
            assertThat(callsBeforeTheKill).isPositive();
        }
    }

    @Test
    void a_run_killed_in_the_middle_of_scoring_loses_no_expensive_call() throws IOException {
        SearchResult uninterrupted = hybrid(cheap(), expensive()).build().run();
        Path file = dir.resolve("mid.json");
        var cheap = cheap();
        var expensive = expensive();
        int killAt = 150;
        expensive.beforeEachCall = a -> {
            if (expensive.calls() == killAt) {
                throw new Killed("killed during call " + killAt);
            }
        };

        assertThatThrownBy(() -> hybrid(cheap, expensive).checkpoint(file).build().run()).hasRootCauseInstanceOf(Killed.class);
        assertThat(expensive.calls()).isEqualTo(killAt);
        Path journal = file.resolveSibling("mid.json.calls.jsonl");
        assertThat(journal).exists();
        // the kill may also tear the line being written
        Files.writeString(journal, "{\"predictor\":\"nats-bench:cifar10\",\"iter", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        expensive.beforeEachCall = a -> { };
        SearchResult resumed = hybrid(cheap, expensive).checkpoint(file).build().resume(file);

        assertThat(Results.withoutWallTime(resumed)).isEqualTo(Results.withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(uninterrupted.callsTo(expensive.name()));
    }

    @Test
    void a_parallel_run_killed_mid_iteration_also_resumes_exactly() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            SearchResult uninterrupted = hybrid(cheap(), expensive()).build().run();
            Path file = dir.resolve("parallel.json");
            var cheap = cheap();
            var expensive = expensive();
            AtomicInteger attempts = new AtomicInteger();
            expensive.beforeEachCall = a -> {
                if (attempts.incrementAndGet() == 150) {
                    throw new Killed("killed");
                }
            };
            assertThatThrownBy(() -> hybrid(cheap, expensive).checkpoint(file).executor(pool).build().run())
                    .isInstanceOf(SearchException.class);
            expensive.beforeEachCall = a -> { };
            SearchResult resumed = hybrid(cheap, expensive).checkpoint(file).executor(pool).build().resume(file);

            assertThat(Results.withoutWallTime(resumed)).isEqualTo(Results.withoutWallTime(uninterrupted));
            assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_checkpoint_is_json_replaced_atomically_with_population_caches_random_state_and_history() throws IOException {
        Path file = dir.resolve("state.json");
        assertThatThrownBy(() -> hybrid(cheap(), expensive()).checkpoint(file).listener(stopAfter(16)).build().run())
                .isInstanceOf(Killed.class);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("format").asText()).isEqualTo("llmnas-search-checkpoint");
        assertThat(json.get("nextIteration").asInt()).isEqualTo(17);
        assertThat(json.get("population")).hasSize(125);
        assertThat(json.get("random")).hasSize(4);
        assertThat(json.get("history")).hasSize(17);
        assertThat(json.get("scores").get("nats-bench:cifar10").size()).isPositive();
        assertThat(json.get("settings").get("seed").asText()).isEqualTo("21");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void running_again_with_the_same_checkpoint_path_continues_the_killed_run_instead_of_starting_over() {
        SearchResult uninterrupted = hybrid(cheap(), expensive()).build().run();
        Path file = dir.resolve("again.json");
        var cheap = cheap();
        var expensive = expensive();
        assertThatThrownBy(() -> hybrid(cheap, expensive).checkpoint(file).listener(stopAfter(20)).build().run())
                .isInstanceOf(Killed.class);

        SearchResult rerun = hybrid(cheap, expensive).checkpoint(file).build().run();

        assertThat(Results.withoutWallTime(rerun)).isEqualTo(Results.withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
    }

    @Test
    void a_run_never_overwrites_the_checkpoint_of_another_configuration() throws IOException {
        Path file = dir.resolve("precious.json");
        assertThatThrownBy(() -> hybrid(cheap(), expensive()).checkpoint(file).listener(stopAfter(2)).build().run())
                .isInstanceOf(Killed.class);
        String before = Files.readString(file);

        assertThatThrownBy(() -> hybrid(cheap(), expensive()).iterations(10).checkpoint(file).build().run())
                .isInstanceOf(SearchException.class).hasMessageContaining("iterations is '30' there but '10' here")
                .hasMessageContaining("delete the file to start afresh");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void resuming_a_finished_run_returns_its_result_without_any_call() {
        Path file = dir.resolve("done.json");
        SearchResult first = hybrid(cheap(), expensive()).checkpoint(file).build().run();
        var cheap = cheap();
        var expensive = expensive();

        SearchResult again = hybrid(cheap, expensive).build().resume(file);

        assertThat(Results.withoutWallTime(again)).isEqualTo(Results.withoutWallTime(first));
        assertThat(cheap.calls() + expensive.calls()).isZero();
    }

    @Test
    void the_initial_population_supplier_is_not_asked_again_on_resume() {
        Path file = dir.resolve("supplied.json");
        AtomicInteger asked = new AtomicInteger();
        List<Architecture> proposals = Nb201Space.all().subList(5000, 5040);
        var b = hybrid(cheap(), expensive()).initialPopulation(() -> {
            asked.incrementAndGet();
            return proposals;
        });
        SearchResult uninterrupted = b.build().run();
        assertThatThrownBy(() -> b.checkpoint(file).listener(stopAfter(3)).build().run()).isInstanceOf(Killed.class);
        SearchResult resumed = hybrid(cheap(), expensive()).initialPopulation(() -> {
            asked.incrementAndGet();
            return proposals;
        }).checkpoint(file).build().resume(file);

        assertThat(asked.get()).isEqualTo(2);
        assertThat(Results.withoutWallTime(resumed)).isEqualTo(Results.withoutWallTime(uninterrupted));
    }

    @Test
    void resuming_with_another_configuration_is_refused_naming_the_difference() {
        Path file = dir.resolve("other.json");
        assertThatThrownBy(() -> hybrid(cheap(), expensive()).checkpoint(file).listener(stopAfter(2)).build().run())
                .isInstanceOf(Killed.class);

        assertThatThrownBy(() -> hybrid(cheap(), expensive()).seed(22).build().resume(file))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("another configuration").hasMessageContaining("seed is '21' there but '22' here");
        assertThatThrownBy(() -> EvolutionarySearch.builder().space(Nb201Space.space()).predictor(expensive()).build()
                .resume(file)).hasMessageContaining("strategy");
        assertThatThrownBy(() -> hybrid(cheap(), expensive()).build().resume(dir.resolve("missing.json")))
                .isInstanceOf(SearchException.class).hasMessageContaining("no such file");
    }

    @Test
    void a_corrupt_checkpoint_is_reported_with_its_path() throws IOException {
        Path file = dir.resolve("corrupt.json");
        Files.writeString(file, "{\"format\": \"llmnas-search-checkpoint\", \"version\": 1, \"nextIt");
        assertThatThrownBy(() -> hybrid(cheap(), expensive()).build().resume(file))
                .isInstanceOf(SearchException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("not a valid checkpoint");
    }

    @Test
    void evolution_and_random_search_resume_too() {
        Path file = dir.resolve("evo.json");
        var expensive = expensive();
        var evo = EvolutionarySearch.builder().space(Nb201Space.space()).predictor(expensive).seed(3).iterations(8)
                .deduplicate(true);
        SearchResult uninterrupted = evo.build().run();
        assertThatThrownBy(() -> evo.checkpoint(file).listener(stopAfter(4)).build().run()).isInstanceOf(Killed.class);
        SearchResult resumed = EvolutionarySearch.builder().space(Nb201Space.space()).predictor(expensive).seed(3)
                .iterations(8).deduplicate(true).build().resume(file);
        assertThat(Results.withoutWallTime(resumed)).isEqualTo(Results.withoutWallTime(uninterrupted));

        Path rfile = dir.resolve("random.json");
        var rnd = RandomSearch.builder().space(Nb201Space.space()).predictor(expensive()).budget(500).seed(3);
        SearchResult r1 = rnd.build().run();
        assertThatThrownBy(() -> rnd.checkpoint(rfile).listener(stopAfter(1)).build().run()).isInstanceOf(Killed.class);
        SearchResult r2 = RandomSearch.builder().space(Nb201Space.space()).predictor(expensive()).budget(500).seed(3)
                .build().resume(rfile);
        assertThat(Results.withoutWallTime(r2)).isEqualTo(Results.withoutWallTime(r1));
    }
}
