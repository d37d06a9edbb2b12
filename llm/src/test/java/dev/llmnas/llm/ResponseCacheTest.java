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

    private static String key(String prompt) {
        return ResponseCache.key("openai", "m", 0.0, 0, prompt);
    }

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
    void opening_an_open_file_twice_in_one_jvm_is_refused_clearly_and_allowed_again_after_close() {
        Path file = dir.resolve("c.jsonl");
        ResponseCache a = ResponseCache.open(file);
        assertThatThrownBy(() -> ResponseCache.open(file, false)).isInstanceOf(dev.llmnas.core.LlmnasException.class)
                .hasMessageContaining("already open in this JVM").hasMessageContaining("builder.cache(...)");
        a.put(entry("p", 1));
        a.close();
        assertThatThrownBy(() -> a.put(entry("q", 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c).isNotSameAs(a);
            assertThat(c.size()).isEqualTo(1);
        }
    }

    @Test
    void a_complete_last_line_without_its_newline_is_kept_and_the_next_append_starts_on_a_new_line()
            throws Exception {
        Path file = dir.resolve("c.jsonl");
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(entry("p", 1));
            c.put(entry("q", 2));
        }
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 1));
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c.size()).isEqualTo(2);
            assertThat(c.get(key("q")).orElseThrow().score()).isEqualTo(2.0);
            c.put(entry("r", 3));
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c.size()).isEqualTo(3);
        }
    }

    /** Writes part of the line, then fails like a full disk, from the {@code failFrom}-th append on. */
    private static ResponseCache.WriteHook diskFullFrom(int failFrom) {
        int[] appends = {0};
        return (ch, bytes) -> {
            if (++appends[0] >= failFrom) {
                ch.write(java.nio.ByteBuffer.wrap(bytes, 0, bytes.length / 2), ch.size());
                throw new java.io.IOException("No space left on device");
            }
        };
    }

    @Test
    void a_failed_append_is_cut_back_refuses_later_answers_and_counts_them_as_lost() throws Exception {
        Path file = dir.resolve("c.jsonl");
        try (ResponseCache c = ResponseCache.open(file, true, diskFullFrom(3))) {
            c.put(entry("p", 1));
            c.put(entry("q", 2));
            long length = Files.size(file);
            assertThatThrownBy(() -> c.put(entry("r", 3))).isInstanceOf(CacheWriteException.class)
                    .hasMessageContaining("No space left on device").hasMessageContaining("1 answer received but not stored");
            assertThat(Files.size(file)).isEqualTo(length);
            assertThatThrownBy(() -> c.put(entry("s", 4))).isInstanceOf(CacheWriteException.class)
                    .hasMessageContaining("2 answers received but not stored");
            assertThat(c.failure()).get().extracting(CacheWriteException::lostAnswers).isEqualTo(2);
        }
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c.size()).isEqualTo(2);
            c.put(entry("t", 5));
        }
        try (ResponseCache c = ResponseCache.open(file)) {
            assertThat(c.size()).isEqualTo(3);
        }
    }

    @Test
    void a_real_full_disk_on_a_small_tmpfs_cuts_the_append_back() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tmpfs"));
        Process p;
        try {
            p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", mount.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot run mount: " + e.getMessage());
            return;
        }
        p.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mounting a tmpfs is not allowed here");
        try {
            Path file = mount.resolve("c.jsonl");
            String big = "x".repeat(3000);
            int stored = 0;
            try (ResponseCache c = ResponseCache.open(file)) {
                CacheWriteException failure = null;
                for (int i = 0; i < 100 && failure == null; i++) {
                    try {
                        c.put(new ResponseCache.Entry(key("p" + i), "openai", "m", 0.0, 0, "a" + i, big + i, 1.0, 1, 1));
                        stored++;
                    } catch (CacheWriteException e) {
                        failure = e;
                    }
                }
                assertThat(failure).isNotNull();
                assertThat(failure.lostAnswers()).isEqualTo(1);
            }
            try (ResponseCache c = ResponseCache.openForReplay(file)) {
                assertThat(c.size()).isEqualTo(stored);
            }
            assertThat(Files.readString(file)).endsWith("\n");
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    @Test
    void a_huge_reply_is_stored_bounded_with_its_parsed_score() throws Exception {
        Path file = dir.resolve("c.jsonl");
        String huge = "25.31 " + "blah ".repeat(200_000);
        try (ResponseCache c = ResponseCache.open(file)) {
            c.put(new ResponseCache.Entry(key("p"), "openai", "m", 0.0, 0, "a", huge, 25.31, 1, 1));
        }
        assertThat(Files.size(file)).isLessThan(ResponseCache.MAX_STORED_REPLY + 1000);
        try (ResponseCache c = ResponseCache.open(file)) {
            ResponseCache.Entry e = c.get(key("p")).orElseThrow();
            assertThat(e.score()).isEqualTo(25.31);
            assertThat(ResponseCache.truncated(e.reply())).isTrue();
            assertThat(e.reply()).contains("reply truncated: " + huge.length() + " characters");
        }
    }

    @Test
    void the_key_covers_every_request_parameter_that_can_change_an_answer() {
        RequestSignature plain = RequestSignature.of("openai", "gpt-4", 0.0);
        String k = ResponseCache.key(plain, 0, "prompt");
        // no further parameters: the key of earlier versions, so that their caches keep answering
        assertThat(k).isEqualTo(ResponseCache.key("openai", "gpt-4", 0.0, 0, "prompt"));
        assertThat(List.of(ResponseCache.key(plain.with("max-tokens", 16), 0, "prompt"),
                ResponseCache.key(plain.with("response-format", "json-score"), 0, "prompt"),
                ResponseCache.key(plain.with("top-p", 0.9), 0, "prompt"),
                ResponseCache.key(plain.with("max-tokens", 32), 0, "prompt"),
                ResponseCache.key(plain, 1, "prompt"))).doesNotContain(k).doesNotHaveDuplicates();
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
