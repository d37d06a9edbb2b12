package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTransactionTest {
    @TempDir
    Path dir;

    private List<String> names(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void outputs_appear_only_on_commit_and_all_together() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.png");
        Files.writeString(a, "old");
        try (OutputTransaction t = new OutputTransaction()) {
            Files.writeString(t.claim(a, "--a"), "new a");
            Files.writeString(t.claim(b, "--b"), "new b");
            assertThat(Files.readString(a)).isEqualTo("old");
            assertThat(b).doesNotExist();
            t.commit();
        }
        assertThat(Files.readString(a)).isEqualTo("new a");
        assertThat(Files.readString(b)).isEqualTo("new b");
        assertThat(names(dir)).containsExactly("a.json", "b.png");    // no temporary or lock file left
    }

    @Test
    void without_commit_the_folder_is_left_as_it_was_and_created_folders_are_removed() throws Exception {
        Path a = dir.resolve("a.json");
        Files.writeString(a, "old");
        Path deep = dir.resolve("x").resolve("y").resolve("out.json");
        try (OutputTransaction t = new OutputTransaction()) {
            Files.writeString(t.claim(a, "--a"), "half");
            Files.writeString(t.claim(deep, "--out"), "half");
        }
        assertThat(Files.readString(a)).isEqualTo("old");
        assertThat(names(dir)).containsExactly("a.json");
    }

    @Test
    void a_second_claim_on_a_held_output_is_refused_naming_the_option_and_released_after_close() throws Exception {
        Path a = dir.resolve("a.json");
        try (OutputTransaction first = new OutputTransaction()) {
            first.claim(a, "--json");
            try (OutputTransaction second = new OutputTransaction()) {
                assertThatThrownBy(() -> second.claim(dir.resolve("sub/../a.json"), "--json"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("is being written by another llmnas run");
            }
        }
        try (OutputTransaction third = new OutputTransaction()) {
            Files.writeString(third.claim(a, "--json"), "third");
            third.commit();
        }
        assertThat(Files.readString(a)).isEqualTo("third");
    }

    @Test
    void a_committed_output_has_the_permissions_of_any_new_file_not_owner_only() throws Exception {
        Path a = dir.resolve("a.json");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        try (OutputTransaction t = new OutputTransaction()) {
            Files.writeString(t.claim(a, "--a"), "x");
            t.commit();
        }
        assertThat(Files.getPosixFilePermissions(a)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
