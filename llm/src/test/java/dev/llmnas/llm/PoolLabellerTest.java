package dev.llmnas.llm;

import static dev.llmnas.llm.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.data.DataPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolLabellerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path POOL = DataPaths.distillPool(Fixtures.DATA).resolve("111.jsonl");

    @TempDir
    Path dir;

    @Test
    void labels_a_pool_in_chunks_keeping_each_record_and_adding_score_and_model() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(dir.resolve("cache.jsonl")).build()) {
            PoolLabeller.Summary s = PoolLabeller.of(llm).withChunkSize(7).withLimit(30).label(POOL, out);
            assertThat(s.records()).isEqualTo(30);
            assertThat(s.labelled()).isEqualTo(30);
            assertThat(s.failed()).isZero();
            assertThat(s.usage().calls()).isEqualTo(30);
            assertThat(stub.requests()).isEqualTo(30);
        }
        List<String> in = Files.readAllLines(POOL).subList(0, 30);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(30);
        for (int i = 0; i < 30; i++) {
            JsonNode source = JSON.readTree(in.get(i));
            JsonNode labelled = JSON.readTree(lines.get(i));
            assertThat(labelled.get("scratch")).isEqualTo(source.get("scratch"));
            Architecture a = Fixtures.pool(30).get(i);
            assertThat(labelled.get("score").asDouble()).isEqualTo(Fixtures.oracle(a));
            assertThat(labelled.get("model").asText()).isEqualTo("test-model");
        }
        List<ScoredArchitecture> back = LabelFiles.read(out, SPACE);
        assertThat(back).hasSize(30);
        assertThat(Files.exists(dir.resolve("labels.jsonl.partial"))).isFalse();
    }

    @Test
    void failures_are_left_out_and_reported_and_a_rerun_only_asks_for_what_is_missing() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        Path cache = dir.resolve("cache.jsonl");
        List<Architecture> archs = Fixtures.pool(12);
        try (OpenAiStub stub = Fixtures.stub()) {
            stub.behaviour(c -> c.architecture().equals(archs.get(4)) && c.forArchitecture() == 1
                    ? OpenAiStub.status(400, "rejected") : null);
            try (LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(cache).build()) {
                PoolLabeller.Summary s = PoolLabeller.of(llm).withLimit(12).label(POOL, out);
                assertThat(s.labelled()).isEqualTo(11);
                assertThat(s.failed()).isEqualTo(1);
                assertThat(s.failures()).containsOnlyKeys(5L);
                assertThat(s.failures().get(5L)).contains("HTTP 400");
            }
            assertThat(Files.readAllLines(out)).hasSize(11);
            try (LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(cache).build()) {
                PoolLabeller.Summary s = PoolLabeller.of(llm).withLimit(12).label(POOL, out);
                assertThat(s.labelled()).isEqualTo(12);
                assertThat(s.usage().calls()).isEqualTo(1);
                assertThat(s.usage().cacheHits()).isEqualTo(11);
            }
            assertThat(Files.readAllLines(out)).hasSize(12);
            assertThat(stub.requests()).isEqualTo(13);
        }
    }

    @Test
    void failures_for_the_same_reason_are_counted_once_in_the_summary() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).concurrency(1).build()) {
            stub.behaviour(c -> OpenAiStub.status(503, "overloaded"));
            PoolLabeller.Summary s = PoolLabeller.of(llm).withLimit(8).label(POOL, out);
            assertThat(s.failed()).isEqualTo(8);
            assertThat(s.reasons()).hasSize(2);
            assertThat(s.reasons().values()).containsExactly(5, 3);
            assertThat(s.reasons().keySet()).allSatisfy(r -> assertThat(r).startsWith("HTTP 503")
                    .doesNotContain("failed on"));
        }
    }

    @Test
    void a_malformed_pool_leaves_no_partial_output_and_check_reports_it_before_anything_is_written()
            throws Exception {
        Path pool = dir.resolve("pool.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(POOL).subList(0, 3));
        lines.add("{not json");
        Files.write(pool, lines);
        assertThatThrownBy(() -> PoolLabeller.check(pool, SPACE, Integer.MAX_VALUE))
                .isInstanceOf(DataFormatException.class).hasMessageContaining(":4");
        assertThat(PoolLabeller.check(pool, SPACE, 3)).isEqualTo(3);
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        assertThat(PoolLabeller.check(empty, SPACE, Integer.MAX_VALUE)).isZero();
        assertThat(Files.list(dir)).hasSize(2);

        Path out = dir.resolve("labels.jsonl");
        try (OpenAiStub stub = Fixtures.stub(); LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            assertThatThrownBy(() -> PoolLabeller.of(llm).label(pool, out)).isInstanceOf(DataFormatException.class);
        }
        assertThat(dir.resolve("labels.jsonl.partial")).doesNotExist();
        assertThat(out).doesNotExist();
    }
}
