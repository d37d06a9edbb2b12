package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.examples.PaperDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped from outside (Ctrl-C or {@code kill}: SIGTERM) leaves no temporary file, no lock file and no folder
 * it created: the outputs' shutdown hook removes them. The command runs in a child JVM, which is stopped as soon
 * as its temporary files exist.
 */
class InterruptedRunLeavesNothingTest {
    @TempDir
    Path folder;
    private Path tmp;

    @Test
    void a_search_benchmark_stopped_with_sigterm_leaves_no_temporary_or_lock_file_and_no_folder_it_made()
            throws IOException, InterruptedException {
        tmp = Files.createDirectory(folder.resolve("run"));
        Path log = folder.resolve("child.log");      // what the child printed, for a failure's message
        Path json = tmp.resolve("nested/result.json");
        Path curves = tmp.resolve("curves");
        // the defaults (10 seeds of 30 x 125 calls) keep it busy well past the moment it is stopped
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LlmnasCli.class.getName(),
                "search-benchmark", "--dataset", "cifar10", "--no-progress", "--json", json.toString(),
                "--curves", curves.toString(), "--data", PaperDefaults.dataFolder().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            boolean sawTemporaryFiles = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && System.nanoTime() < deadline) {
                if (temporaryFiles().stream().filter(p -> p.toString().endsWith(".tmp")).count() >= 3) {
                    // the JSON's and the two curve files' temporary files: every output is claimed
                    sawTemporaryFiles = true;
                    break;
                }
                Thread.sleep(20);
            }
            child.destroy();                               // SIGTERM, as kill or a closing terminal sends
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child stops after SIGTERM").isTrue();
            String printed = Files.readString(log);

            if (sawTemporaryFiles) {
                assertThat(child.exitValue()).as(printed).isNotZero();
                assertThat(allFiles()).as("everything the run created is gone; " + printed).isEmpty();
            } else {
                // finished before it could be stopped (a very fast machine): then the outputs are whole
                assertThat(child.exitValue()).as(printed).isZero();
                assertThat(new ObjectMapper().readTree(json.toFile()).isEmpty()).isFalse();
                assertThat(temporaryFiles()).isEmpty();
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /** The hidden {@code .NAME.<random>.tmp} and {@code .NAME.lock} files anywhere below the temporary folder. */
    private List<Path> temporaryFiles() throws IOException {
        return allFiles().stream().filter(p -> p.getFileName().toString().startsWith(".")
                && (p.toString().endsWith(".tmp") || p.toString().endsWith(".lock"))).toList();
    }

    private List<Path> allFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp)) {
            return walk.filter(p -> !p.equals(tmp)).toList();
        }
    }
}
