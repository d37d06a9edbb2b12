package dev.llmnas.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.LlmnasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPathsTest {
    @TempDir
    Path tmp;

    private Path dataFolder(Path parent) throws IOException {
        Path data = parent.resolve("shared").resolve("data");
        Files.createDirectories(data.resolve("llmas"));
        return data;
    }

    @Test
    void the_real_data_folder_is_found_from_the_module_directory() {
        Path data = dev.llmnas.core.TestData.dir();
        assertThat(data.resolve("llmas")).isDirectory();
        assertThat(DataPaths.natsBench(data)).isRegularFile();
        assertThat(DataPaths.seedArchs(data, 123, "wmt14ende", "test")).isRegularFile();
        assertThat(DataPaths.distillPool(data)).isDirectory();
    }

    @Test
    void an_explicit_folder_wins_over_the_environment_and_the_working_directory() throws IOException {
        Path explicit = dataFolder(tmp.resolve("a"));
        Path env = dataFolder(tmp.resolve("b"));
        assertThat(DataPaths.locate(explicit, env.toString(), tmp)).isEqualTo(explicit);
        assertThat(DataPaths.locate(null, env.toString(), tmp)).isEqualTo(env);
    }

    @Test
    void shared_data_beside_a_checkout_is_found_from_the_checkout_and_its_modules() throws IOException {
        Path data = dataFolder(tmp);
        Path module = Files.createDirectories(tmp.resolve("checkout").resolve("core"));
        assertThat(DataPaths.locate(null, null, module)).isEqualTo(data);
        assertThat(DataPaths.locate(null, "  ", module.getParent())).isEqualTo(data);
        assertThat(DataPaths.locate(null, null, tmp)).as("shared/ inside the working directory").isEqualTo(data);
    }

    @Test
    void a_missing_explicit_folder_names_the_option_and_the_path() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> DataPaths.locate(missing, null, tmp)).isInstanceOf(LlmnasException.class)
                .hasMessage("data directory not found: --data = " + missing + " is not a directory;"
                        + " it must be the folder that holds llmas/ and nats-bench/");
        assertThatThrownBy(() -> DataPaths.locate(null, missing.toString(), tmp))
                .hasMessageContaining("LLMNAS_DATA = " + missing + " is not a directory");
    }

    @Test
    void an_explicit_check_accepts_a_data_folder_and_refuses_anything_else() throws IOException {
        Path data = dataFolder(tmp.resolve("c"));
        assertThat(DataPaths.check(data)).isEqualTo(data);
        assertThatThrownBy(() -> DataPaths.check(tmp)).isInstanceOf(LlmnasException.class)
                .hasMessageContaining("data folder = " + tmp + " holds neither llmas/ nor nats-bench/");
    }

    @Test
    void without_a_working_directory_nothing_is_searched() {
        assertThatThrownBy(() -> DataPaths.locate(null, null, null)).isInstanceOf(LlmnasException.class)
                .hasMessageContaining("none of []");
    }

    @Test
    void a_folder_without_the_data_sets_is_refused_with_a_hint() {
        assertThatThrownBy(() -> DataPaths.locate(tmp, null, tmp)).isInstanceOf(LlmnasException.class)
                .hasMessage("data directory --data = " + tmp + " holds neither llmas/ nor nats-bench/;"
                        + " point it at the folder that holds them (usually shared/data)");
    }

    @Test
    void nothing_found_says_everything_that_was_tried() throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("x").resolve("y"));
        // the search walks up to the file system's root: a machine with e.g. /tmp/shared/data cannot run this
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isDirectory(candidate.resolve("llmas"))
                    || Files.isDirectory(candidate.resolve("nats-bench")), "data sets found at " + candidate);
        }
        assertThatThrownBy(() -> DataPaths.locate(null, null, cwd)).isInstanceOf(LlmnasException.class)
                .hasMessageContaining("no --data given, LLMNAS_DATA is not set, and none of [")
                .hasMessageContaining(cwd.resolve("shared").resolve("data").toString())
                .hasMessageContaining(cwd.getParent().resolve("shared").resolve("data").toString())
                .hasMessageContaining("point LLMNAS_DATA (or --data) at the folder that holds them")
                .hasMessageContaining("export LLMNAS_DATA=");
    }

    @Test
    void seed_paths_refuse_an_unknown_split() {
        assertThat(DataPaths.seedArchs(Path.of("d"), 456, "wmt19ende", "train"))
                .isEqualTo(Path.of("d", "llmas", "seedarchs", "456", "wmt19ende", "train.jsonl"));
        assertThatThrownBy(() -> DataPaths.seedArchs(Path.of("d"), 123, "wmt14ende", "valid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("split: 'valid' is not one of [train, test]");
    }
}
