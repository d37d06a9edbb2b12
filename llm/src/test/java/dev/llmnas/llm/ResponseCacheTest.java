package dev.llmnas.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCacheTest {

    @TempDir
    Path dir;

    private static ResponseCache.Entry entry(String prompt, double score) {
        return new ResponseCache.Entry(ResponseCache.key("openai", "m", 0.0, 0, prompt), "openai", "m", 0.0, 0,
                "arch", String.valueOf(score), score, 100, 2);
    }

    @Test
    void answers_survive_reopening_the_file() {
        Path file = dir.resolve("c.jsonl");
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(entry("p1", 25.1));
            c.put(entry("p2", 26.2));
        }
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c.size()).isEqualTo(2);
            var e = c.get(ResponseCache.key("openai", "m", 0.0, 0, "p2")).orElseThrow();
            assertThat(e.score()).isEqualTo(26.2);
            assertThat(e.reply()).isEqualTo("26.2");
            assertThat(e.inputTokens()).isEqualTo(100);
            assertThat(c.models()).containsExactly(new ResponseCache.ModelId("openai", "m", 0.0));
        }
    }

    @Test
    void a_torn_last_line_is_skipped_with_a_warning_and_later_answers_append_cleanly() throws Exception {
        Path file = dir.resolve("c.jsonl");
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(entry("p1", 25.1));
            c.put(entry("p2", 26.2));
        }
        String full = Files.readString(file);
        String secondLine = full.substring(full.indexOf('\n') + 1);
        // a crash in the middle of writing a third answer
        Files.writeString(file, secondLine.substring(0, secondLine.length() / 2), StandardOpenOption.APPEND);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c.size()).isEqualTo(2);
            c.put(entry("p3", 27.3));
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 3 is incomplete");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c.size()).isEqualTo(3);
            assertThat(c.get(ResponseCache.key("openai", "m", 0.0, 0, "p3"))).isPresent();
        }
    }

    @Test
    void a_damaged_line_in_the_middle_is_an_error_naming_the_line() throws Exception {
        Path file = dir.resolve("c.jsonl");
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(entry("p1", 25.1));
        }
        Files.writeString(file, "{not json\n", StandardOpenOption.APPEND);
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(entry("p2", 26.2));
        } catch (RuntimeException e) {
            // the damaged line was last: it is cut off, so this open succeeds
            throw e;
        }
        // now damage a middle line
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), "{\"key\": 1}", lines.get(1)));
        assertThatThrownBy(() -> ResponseCache.open(file)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(file + ":2")
                .hasMessageContaining("not a cache entry");
        Files.write(file, List.of(lines.get(0), "{\"key\": ", lines.get(1)));
        assertThatThrownBy(() -> ResponseCache.open(file)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(file + ":2").hasMessageContaining("Unexpected end-of-input")
                .hasMessageNotContaining("Source:").hasMessageNotContaining("REDACTED");
    }

    @Test
    void open_for_replay_of_a_missing_file_fails_clearly_and_creates_nothing() {
        Path file = dir.resolve("no-such-dir").resolve("cache.jsonl");
        assertThatThrownBy(() -> ResponseCache.openForReplay(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache file not found: " + file + " (replay needs the answers of an earlier run)");
        assertThat(dir.resolve("no-such-dir")).doesNotExist();
        assertThatThrownBy(() -> ResponseCache.openForReplay(dir)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void open_for_replay_reads_the_answers_and_never_writes() throws Exception {
        Path file = dir.resolve("c.jsonl");
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(entry("p1", 25.5));
        }
        // a torn last line, as a crash mid-append leaves it: replay skips it but leaves the file as it is
        Files.writeString(file, "{\"key\": \"tor", java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file);
        try (ResponseCache c = ResponseCache.openForReplay(file)) {
            assertThat(c.readOnly()).isTrue();
            assertThat(c.size()).isEqualTo(1);
            assertThat(c.get(ResponseCache.key("openai", "m", 0.0, 0, "p1"))).isPresent();
            assertThatThrownBy(() -> c.put(entry("p2", 1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("read-only");
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
            // a writer in the same JVM is not blocked by the replay
            try (ResponseCache w = ResponseCache.open(file)) {
                assertThat(w.readOnly()).isFalse();
                assertThat(Files.readAllBytes(file)).isNotEqualTo(before);
            }
        }
    }

    @Test
    void keys_depend_on_provider_model_temperature_prompt_and_sample() {
        String k = ResponseCache.key("openai", "gpt-4", 0.0, 0, "prompt");
        assertThat(k).hasSize(64).matches("[0-9a-f]+").isEqualTo(ResponseCache.key("openai", "gpt-4", 0.0, 0, "prompt"));
        assertThat(List.of(ResponseCache.key("ollama", "gpt-4", 0.0, 0, "prompt"),
                ResponseCache.key("openai", "gpt-3.5", 0.0, 0, "prompt"),
                ResponseCache.key("openai", "gpt-4", 0.7, 0, "prompt"),
                ResponseCache.key("openai", "gpt-4", null, 0, "prompt"),
                ResponseCache.key("openai", "gpt-4", 0.0, 1, "prompt"),
                ResponseCache.key("openai", "gpt-4", 0.0, 0, "prompt "))).doesNotContain(k).doesNotHaveDuplicates();
    }

    @Test
    void opening_an_open_file_shares_the_instance_until_the_last_close() {
        Path file = dir.resolve("c.jsonl");
        ResponseCache a = ResponseCache.open(file);
        ResponseCache b = ResponseCache.open(file);
        assertThat(b).isSameAs(a);
        a.close();
        b.put(entry("p", 1));
        b.close();
        assertThatThrownBy(() -> b.put(entry("q", 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c).isNotSameAs(a);
            assertThat(c.size()).isEqualTo(1);
        }
    }

    @Test
    void replies_are_redacted_before_they_are_written() throws Exception {
        Path file = dir.resolve("c.jsonl");
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(new ResponseCache.Entry("k", "openai", "m", null, 0, "a", "25.0 " + Fixtures.FAKE_KEY, 25.0, 0, 0));
        }
        assertThat(Files.readString(file)).contains("25.0").doesNotContain(Fixtures.FAKE_KEY);
    }
}
