package dev.llmnas.llm;

import static dev.llmnas.llm.Fixtures.DEMOS;
import static dev.llmnas.llm.Fixtures.FAKE_KEY;
import static dev.llmnas.llm.Fixtures.SPACE;
import static dev.llmnas.llm.Fixtures.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.PredictionException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through LangChain4j's real OpenAI client against {@link OpenAiStub}. */
class LlmPerformancePredictorTest {

    @TempDir
    Path dir;

    @Test
    void predict_all_gives_each_architecture_the_answer_to_its_own_prompt() throws Exception {
        List<Architecture> archs = Fixtures.pool(40);
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).concurrency(8).build()) {
            double[] scores = llm.predictAll(archs);

            for (int i = 0; i < archs.size(); i++) {
                assertThat(scores[i]).as("architecture %d", i).isEqualTo(Fixtures.oracle(archs.get(i)));
            }
            assertThat(stub.checkFailures()).isEmpty();
            assertThat(stub.requests()).isEqualTo(40);
            LlmUsage usage = llm.usage();
            assertThat(usage.calls()).isEqualTo(40);
            assertThat(usage.cacheHits()).isZero();
            long expectedIn = stub.calls().stream().mapToLong(c -> OpenAiStub.promptTokens(c.prompt())).sum();
            assertThat(usage.inputTokens()).isEqualTo(expectedIn);
            assertThat(usage.outputTokens()).isEqualTo(40);
            assertThat(llm.name()).isEqualTo("llm-pp:test-model");
            assertThat(llm.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        }
    }

    @Test
    void the_prompt_sent_holds_all_ten_demonstrations_and_ends_with_the_test_architecture() throws Exception {
        Architecture test = Fixtures.seedTest().get(0);
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            llm.predict(test);
            String prompt = stub.calls().get(0).prompt();
            assertThat(Fixtures.demoBlocks()).hasSize(10).allSatisfy(b -> assertThat(prompt).contains(b));
            assertThat(prompt).endsWith(String.join("\n", SPACE.describe(test)) + "\nGFLOPs: "
                    + String.format(java.util.Locale.ROOT, "%.1f", SPACE.metric(test, "flops") / 1e9) + "\nBLEU:");
            assertThat(stub.calls().get(0).authorization()).isEqualTo("Bearer " + FAKE_KEY);
        }
    }

    @Test
    void duplicates_in_a_batch_cost_one_call() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            double[] s = llm.predictAll(List.of(a, a, a));
            assertThat(s).containsOnly(Fixtures.oracle(a));
            assertThat(stub.requests()).isEqualTo(1);
        }
    }

    @Test
    void a_second_run_on_the_same_cache_makes_no_http_calls() throws Exception {
        Path cache = dir.resolve("cache.jsonl");
        List<Architecture> archs = Fixtures.pool(25);
        try (OpenAiStub stub = Fixtures.stub()) {
            double[] first;
            try (LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(cache).build()) {
                first = llm.predictAll(archs);
            }
            assertThat(stub.requests()).isEqualTo(25);
            assertThat(Files.readAllLines(cache)).hasSize(25);
            try (LlmPerformancePredictor again = Fixtures.predictor(stub).cacheFile(cache).build()) {
                assertThat(again.predictAll(archs)).containsExactly(first);
                assertThat(again.usage().calls()).isZero();
                assertThat(again.usage().cacheHits()).isEqualTo(25);
            }
            assertThat(stub.requests()).isEqualTo(25);
        }
    }

    @Test
    void a_run_stopped_by_its_budget_then_rerun_labels_each_architecture_exactly_once() throws Exception {
        Path cache = dir.resolve("cache.jsonl");
        List<Architecture> archs = Fixtures.pool(12);
        try (OpenAiStub stub = Fixtures.stub()) {
            try (LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(cache).concurrency(4)
                    .budget(Budget.calls(5)).build()) {
                PredictionBatch batch = llm.tryPredictAll(archs);
                assertThat(batch.successCount()).isEqualTo(5);
                assertThat(batch.failures().values()).hasSize(7)
                        .allSatisfy(f -> assertThat(f).isInstanceOf(BudgetExhaustedException.class)
                                .hasMessageContaining("call budget of 5 spent"));
            }
            assertThat(stub.requests()).isEqualTo(5);
            try (LlmPerformancePredictor rerun = Fixtures.predictor(stub).cacheFile(cache).concurrency(4).build()) {
                double[] scores = rerun.predictAll(archs);
                for (int i = 0; i < archs.size(); i++) {
                    assertThat(scores[i]).isEqualTo(Fixtures.oracle(archs.get(i)));
                }
                assertThat(rerun.usage().cacheHits()).isEqualTo(5);
            }
            assertThat(stub.requests()).isEqualTo(12);
            assertThat(stub.perArchitecture()).hasSize(12).allSatisfy((a, n) -> assertThat(n.get()).isEqualTo(1));
        }
    }

    @Test
    void a_run_that_crashes_midway_then_rerun_labels_each_architecture_exactly_once() throws Exception {
        Path cache = dir.resolve("cache.jsonl");
        List<Architecture> archs = Fixtures.pool(16);
        try (OpenAiStub stub = Fixtures.stub()) {
            try (LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(cache).concurrency(3)
                    .progressListener(p -> {
                        if (p.completed() == 6) {
                            throw new IllegalStateException("simulated crash");
                        }
                    }).build()) {
                assertThatThrownBy(() -> llm.predictAll(archs)).isInstanceOf(LlmnasException.class)
                        .hasMessageContaining("progress listener failed after 6 of 16")
                        .hasRootCauseMessage("simulated crash");
            }
            int firstRun = stub.requests();
            assertThat(firstRun).isBetween(6, 9);
            assertThat(Files.readAllLines(cache)).hasSize(firstRun);
            try (LlmPerformancePredictor rerun = Fixtures.predictor(stub).cacheFile(cache).build()) {
                rerun.predictAll(archs);
            }
            assertThat(stub.requests()).isEqualTo(16);
            assertThat(stub.perArchitecture()).hasSize(16).allSatisfy((a, n) -> assertThat(n.get()).isEqualTo(1));
        }
    }

    @Test
    void replay_only_answers_from_the_cache_and_fails_clearly_on_a_miss() throws Exception {
        Path cache = dir.resolve("cache.jsonl");
        List<Architecture> archs = Fixtures.pool(3);
        Architecture unseen = Fixtures.pool(4).get(3);
        try (OpenAiStub stub = Fixtures.stub()) {
            try (LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(cache).build()) {
                llm.predictAll(archs);
            }
            try (LlmPerformancePredictor replay = LlmPerformancePredictor.builder().space(SPACE).task(TASK)
                    .demonstrations(DEMOS).cacheFile(cache).replayOnly(true).provider("openai")
                    .modelName("test-model").temperature(0.0).build()) {
                assertThat(replay.predictAll(archs)).containsExactly(archs.stream().mapToDouble(Fixtures::oracle).toArray());
                assertThatThrownBy(() -> replay.predict(unseen)).isInstanceOf(CacheMissException.class)
                        .hasMessageContaining("replay-only: no cached answer")
                        .hasMessageContaining(cache.toString())
                        .hasMessageContaining(unseen.key());
            }
            assertThat(stub.requests()).isEqualTo(3);
        }
        Path missing = dir.resolve("sub").resolve("none.jsonl");
        assertThatThrownBy(() -> LlmPerformancePredictor.builder().space(SPACE).task(TASK).demonstrations(DEMOS)
                .cacheFile(missing).replayOnly(true).provider("openai").modelName("test-model").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache file not found");
        assertThat(dir.resolve("sub")).doesNotExist();
    }

    @Test
    void a_429_is_retried_after_the_wait_the_server_asked_for() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        Fixtures.Waits sleeper = new Fixtures.Waits();
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).onWait(sleeper).build()) {
            stub.behaviour(c -> c.forArchitecture() == 1
                    ? OpenAiStub.status(429, "Rate limit reached").setHeader("Retry-After", "0.3") : null);
            assertThat(llm.predict(a)).isEqualTo(Fixtures.oracle(a));
            assertThat(stub.requests()).isEqualTo(2);
            assertThat(sleeper.waits).containsExactly(Duration.ofMillis(300));
            assertThat(llm.usage().failedCalls()).isEqualTo(1);
            assertThat(llm.usage().calls()).isEqualTo(2);
        }
    }

    @Test
    void server_errors_are_retried_with_exponential_backoff_and_then_reported() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        Fixtures.Waits sleeper = new Fixtures.Waits();
        BackoffPolicy policy = new BackoffPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0,
                Duration.ofMinutes(1));
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).backoff(policy).onWait(sleeper).build()) {
            stub.behaviour(c -> OpenAiStub.status(500, "internal error"));
            assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class)
                    .hasMessageContaining(a.key())
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("gave up after 4 attempts")
                    .cause().isInstanceOf(LlmCallException.class);
            // our 3 retries and nothing more: LangChain4j's own retries are off
            assertThat(stub.requests()).isEqualTo(4);
            assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(400));
        }
    }

    @Test
    void a_server_error_then_an_answer_succeeds() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            stub.behaviour(c -> c.forArchitecture() <= 2 ? OpenAiStub.status(c.forArchitecture() == 1 ? 500 : 503,
                    "try later") : null);
            assertThat(llm.predict(a)).isEqualTo(Fixtures.oracle(a));
            assertThat(stub.requests()).isEqualTo(3);
        }
    }

    @Test
    void client_errors_fail_at_once_without_retrying() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        for (int code : new int[] {400, 401, 403}) {
            try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
                stub.behaviour(c -> OpenAiStub.status(code, "nope"));
                assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class)
                        .hasMessageContaining("HTTP " + code)
                        .satisfies(e -> assertThat(((LlmCallException) e.getCause()).statusCode()).isEqualTo(code));
                assertThat(stub.requests()).as("requests for HTTP %d", code).isEqualTo(1);
            }
        }
    }

    @Test
    void a_reply_slower_than_the_timeout_is_retried() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).chatModel(Fixtures.model(stub, Duration.ofMillis(300)))
                     .build()) {
            stub.behaviour(c -> c.forArchitecture() == 1
                    ? OpenAiStub.answer("21.00", c.prompt()).setHeadersDelay(1200, TimeUnit.MILLISECONDS) : null);
            assertThat(llm.predict(a)).isEqualTo(Fixtures.oracle(a));
            assertThat(stub.requests()).isEqualTo(2);
            assertThat(llm.usage().failedCalls()).isEqualTo(1);
        }
    }

    @Test
    void malformed_json_from_the_server_is_retried() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            stub.behaviour(c -> c.forArchitecture() == 1 ? new MockResponse().setResponseCode(200)
                    .setHeader("Content-Type", "application/json").setBody("{\"choices\": [{\"message\": {") : null);
            assertThat(llm.predict(a)).isEqualTo(Fixtures.oracle(a));
            assertThat(stub.requests()).isEqualTo(2);
        }
    }

    @Test
    void malformed_json_every_time_is_reported_as_an_unreadable_response() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            stub.behaviour(c -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody("not json at all"));
            assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("unreadable response");
            assertThat(stub.requests()).isEqualTo(4);
        }
    }

    @Test
    void a_reply_without_a_number_is_asked_again_and_the_reason_is_counted() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            stub.behaviour(c -> c.forArchitecture() == 1
                    ? OpenAiStub.answer("It should translate rather well.", c.prompt()) : null);
            assertThat(llm.predict(a)).isEqualTo(Fixtures.oracle(a));
            assertThat(llm.usage().parseFailures()).isEqualTo(1);
            assertThat(stub.requests()).isEqualTo(2);
        }
    }

    @Test
    void refusals_every_time_fail_after_the_retries_with_the_reasons_and_the_last_reply() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).maxRetries(3).build()) {
            stub.behaviour(c -> OpenAiStub.answer("I'm sorry, but I cannot estimate BLEU without training the model.",
                    c.prompt()));
            assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class)
                    .hasMessageContaining(a.key())
                    .hasMessageContaining("no usable BLEU in 4 replies")
                    .hasMessageContaining("reply 4: refusal")
                    .hasMessageContaining("last reply: 'I'm sorry, but I cannot estimate BLEU");
            assertThat(stub.requests()).isEqualTo(4);
        }
    }

    @Test
    void implausible_and_non_finite_scores_are_rejected_and_asked_again() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            stub.behaviour(c -> switch (c.forArchitecture()) {
                case 1 -> OpenAiStub.answer("2531", c.prompt());
                case 2 -> OpenAiStub.answer("NaN", c.prompt());
                default -> null;
            });
            assertThat(llm.predict(a)).isEqualTo(Fixtures.oracle(a));
            assertThat(llm.usage().parseFailures()).isEqualTo(2);
            // the hard limit is the task's valid range; the demonstrations only set what counts as unusual
            assertThat(llm.plausibleRange()).isEqualTo(new PlausibleRange(0, 100));
            assertThat(llm.expectedRange().max()).isLessThan(60);
        }
    }

    @Test
    void several_samples_are_aggregated_by_their_median() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).samples(3).cacheFile(dir.resolve("c.jsonl")).build()) {
            String[] replies = {"25.00", "27.50", "26.10"};
            stub.behaviour(c -> OpenAiStub.answer(replies[(c.forArchitecture() - 1) % 3], c.prompt()));
            assertThat(llm.predict(a)).isEqualTo(26.10);
            assertThat(stub.requests()).isEqualTo(3);
            // each sample is cached under its own key
            assertThat(llm.predict(a)).isEqualTo(26.10);
            assertThat(stub.requests()).isEqualTo(3);
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private LlmPerformancePredictor.Builder unreachable(int port, Fixtures.Waits sleeper) {
        var model = LlmModels.openAi().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey(FAKE_KEY)
                .modelName("test-model").timeout(Duration.ofSeconds(5)).build();
        return LlmPerformancePredictor.builder().chatModel(model).space(SPACE).task(TASK)
                .demonstrations(DEMOS).backoff(Fixtures.fastBackoff()).onWait(sleeper);
    }

    @Test
    void a_refused_connection_is_retried_fewer_times_than_a_server_error_then_reported() throws Exception {
        Fixtures.Waits sleeper = new Fixtures.Waits();
        try (LlmPerformancePredictor llm = unreachable(closedPort(), sleeper).build()) {
            assertThatThrownBy(() -> llm.predict(Fixtures.pool(1).get(0))).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("connection refused")
                    .hasMessageContaining("cannot be reached");
            // fastBackoff allows 3 retries; a refused connection gets 2
            assertThat(sleeper.waits).hasSize(CallPath.UNREACHABLE_RETRIES);
            assertThat(llm.usage().calls()).isEqualTo(CallPath.UNREACHABLE_RETRIES + 1);
        }
    }

    @Test
    void once_the_endpoint_is_unreachable_the_remaining_architectures_fail_at_once_with_the_same_reason()
            throws Exception {
        List<Architecture> archs = Fixtures.pool(20);
        try (LlmPerformancePredictor llm = unreachable(closedPort(), new Fixtures.Waits()).concurrency(4)
                .build()) {
            PredictionBatch batch = llm.tryPredictAll(archs);
            assertThat(batch.successCount()).isZero();
            assertThat(batch.failures()).hasSize(20);
            String prefix = "predictor 'llm-pp:test-model' failed on ";
            assertThat(batch.failures().entrySet()).allSatisfy(e -> assertThat(e.getValue().getMessage())
                    .isEqualTo(prefix + archs.get(e.getKey()).key() + ": " + batch.failures().get(0).getMessage()
                            .substring(prefix.length() + archs.get(0).key().length() + 2)));
            assertThat(batch.failures().get(19).getMessage()).contains("connection refused", "cannot be reached");
            // at most the 4 calls in flight when it opened, each with its retries: not 20 x 3
            assertThat(llm.usage().calls()).isLessThanOrEqualTo(4L * (CallPath.UNREACHABLE_RETRIES + 1));

            long calls = llm.usage().calls();
            assertThatThrownBy(() -> llm.predictAll(archs)).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("connection refused").hasMessageContaining("calls stopped for 60 s");
            assertThatThrownBy(() -> llm.predict(archs.get(0))).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("cannot be reached");
            assertThat(llm.usage().calls()).isEqualTo(calls);
        }
    }

    @Test
    void the_breaker_lets_calls_through_again_after_its_cool_down() throws Exception {
        try (LlmPerformancePredictor llm = unreachable(closedPort(), new Fixtures.Waits())
                .breakerOpenFor(Duration.ofMillis(300)).build()) {
            Architecture a = Fixtures.pool(1).get(0);
            assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class);
            long calls = llm.usage().calls();
            assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class);
            assertThat(llm.usage().calls()).isEqualTo(calls);
            Thread.sleep(500);
            assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class);
            assertThat(llm.usage().calls()).isEqualTo(2 * calls);
        }
    }

    @Test
    void server_errors_on_three_architectures_in_a_row_stop_the_batch_but_a_success_between_resets_the_count()
            throws Exception {
        List<Architecture> archs = Fixtures.pool(6);
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).concurrency(1).build()) {
            stub.behaviour(c -> OpenAiStub.status(500, "internal error"));
            PredictionBatch batch = llm.tryPredictAll(archs);
            assertThat(batch.failures()).hasSize(6);
            // 3 architectures with 4 attempts each, then no more calls
            assertThat(stub.requests()).isEqualTo(CallPath.TRIP_AFTER_FAILED_CALLS * 4);
            assertThat(batch.failures().get(5).getMessage()).contains("HTTP 500", "3 calls in a row");
        }
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).concurrency(1).build()) {
            Architecture good = archs.get(2);
            stub.behaviour(c -> c.architecture().equals(good) ? null : OpenAiStub.status(500, "internal error"));
            PredictionBatch batch = llm.tryPredictAll(archs.subList(0, 5));
            assertThat(batch.succeeded(2)).isTrue();
            assertThat(stub.requests()).isEqualTo(4 * 4 + 1);
        }
    }

    @Test
    void try_predict_all_reports_failures_per_index_and_keeps_the_rest() throws Exception {
        List<Architecture> archs = Fixtures.pool(6);
        Architecture bad = archs.get(2);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            stub.behaviour(c -> c.architecture().equals(bad) ? OpenAiStub.status(400, "context too long") : null);
            PredictionBatch batch = llm.tryPredictAll(archs);
            assertThat(batch.successCount()).isEqualTo(5);
            assertThat(batch.failures()).containsOnlyKeys(2);
            assertThat(batch.scoresOrNaN()[2]).isNaN();
            assertThat(batch.score(0)).isEqualTo(Fixtures.oracle(archs.get(0)));
            assertThatThrownBy(() -> llm.predictAll(archs)).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("HTTP 400");
        }
    }

    @Test
    void the_progress_listener_sees_every_architecture_once_and_never_concurrently() throws Exception {
        List<Architecture> archs = Fixtures.pool(20);
        AtomicInteger inside = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).concurrency(8).progressListener(p -> {
                 assertThat(inside.incrementAndGet()).isEqualTo(1);
                 seen.add(p.completed());
                 assertThat(p.total()).isEqualTo(20);
                 inside.decrementAndGet();
             }).build()) {
            llm.predictAll(archs);
        }
        assertThat(seen).hasSize(20).isSorted().startsWith(1).endsWith(20);
    }

    @Test
    void the_default_pool_runs_a_batch_on_its_own_threads_which_end_when_idle_even_if_the_predictor_is_never_closed()
            throws Exception {
        java.util.Set<String> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (OpenAiStub stub = Fixtures.stub()) {
            LlmPerformancePredictor llm = Fixtures.predictor(stub).name("idle-pool").concurrency(4)
                    .ownPoolIdle(Duration.ofMillis(50)).progressListener(p -> workers.add(Thread.currentThread().getName()))
                    .build();
            assertThat(liveThreads("llm-pp[idle-pool]-")).as("no thread before the first batch").isZero();
            assertThat(llm.predictAll(Fixtures.pool(12))).hasSize(12);
            assertThat(workers).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("llm-pp[idle-pool]-"));
            awaitNoLiveThreads("llm-pp[idle-pool]-");
            // the pool starts threads again for the next batch, and close() stops them
            assertThat(llm.predictAll(Fixtures.pool(16).subList(12, 16))).hasSize(4);
            llm.close();
            awaitNoLiveThreads("llm-pp[idle-pool]-");
        }
    }

    @Test
    void with_an_injected_executor_the_predictor_starts_no_thread_and_leaves_the_executor_running() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2,
                r -> new Thread(r, "caller-owned"));
        java.util.Set<String> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).name("injected").concurrency(4).executor(pool)
                     .progressListener(p -> workers.add(Thread.currentThread().getName())).build()) {
            assertThat(llm.predictAll(Fixtures.pool(6))).hasSize(6);
            assertThat(liveThreads("llm-pp[injected]-")).isZero();
        } finally {
            assertThat(pool.isShutdown()).as("the caller's executor is the caller's to stop").isFalse();
            pool.shutdown();
        }
        assertThat(workers).containsOnly("caller-owned");
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .filter(Thread::isAlive).count();
    }

    /** Polls (bounded generously: never load-dependent) until no thread of that name is alive. */
    private static void awaitNoLiveThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (liveThreads(prefix) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(liveThreads(prefix)).as("live threads named " + prefix + "*").isZero();
    }

    @Test
    void the_requests_per_minute_limit_spaces_calls() throws Exception {
        long start = System.nanoTime();
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).concurrency(1).requestsPerMinute(300).build()) {
            llm.predictAll(Fixtures.pool(3));
        }
        // 300 per minute: one every 200 ms; the first goes at once. Only a lower bound: never load-dependent.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(390));
        assertThat(CallPath.rateLimiter("t", 6, 1).getRateLimiterConfig().getLimitRefreshPeriod())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void an_absurd_requests_per_minute_is_refused_not_silently_disabled() {
        for (double rpm : new double[] {1e-300, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e12}) {
            assertThatThrownBy(() -> LlmPerformancePredictor.builder().requestsPerMinute(rpm))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("requestsPerMinute: " + rpm + " is not 0 (no limit) or in [0.001, 1000000]");
        }
        assertThatThrownBy(() -> LlmModels.fromVariables(java.util.Map.of(LlmModels.OPENAI_BASE_URL,
                "http://127.0.0.1:1/v1", LlmModels.RPM, "1e-300")))
                .hasMessageContaining("LLMNAS_LLM_RPM: 1.0E-300 is not 0 (no limit) or in");
    }

    @Test
    void architectures_outside_the_space_fail_with_the_dimension_named() throws Exception {
        Architecture bad = Fixtures.pool(1).get(0).with("encoder-embed-dim", 700);
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            PredictionBatch batch = llm.tryPredictAll(List.of(bad, Fixtures.pool(1).get(0)));
            assertThat(batch.failures().get(0)).hasMessageContaining("encoder-embed-dim: 700 is not one of");
            assertThat(batch.succeeded(1)).isTrue();
            assertThat(stub.requests()).isEqualTo(1);
        }
    }

    @Test
    void the_builder_rejects_bad_values_and_conflicting_settings() {
        var b = LlmPerformancePredictor.builder();
        assertThatThrownBy(() -> b.concurrency(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency: 0");
        assertThatThrownBy(() -> b.samples(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.requestsPerMinute(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmPerformancePredictor.builder().space(SPACE).task(TASK).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chatModel");
        assertThatThrownBy(() -> LlmPerformancePredictor.builder().space(SPACE).task(TASK).replayOnly(true)
                .provider("openai").modelName("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replayOnly");
        assertThatThrownBy(() -> LlmPerformancePredictor.builder().space(SPACE).task(TASK).replayOnly(true)
                .cache(ResponseCache.inMemory()).cacheFile(dir.resolve("x")).provider("p").modelName("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cacheFile and cache");
    }

    @Test
    void median_of_even_and_odd_counts() {
        assertThat(LlmPerformancePredictor.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(LlmPerformancePredictor.median(new double[] {4, 1, 2, 3})).isCloseTo(2.5, within(1e-12));
    }
}
