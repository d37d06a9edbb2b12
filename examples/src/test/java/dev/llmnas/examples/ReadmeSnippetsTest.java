package dev.llmnas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.data.DataPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's Java snippets are whole source files of this module, so the build compiles them; this test
 * checks that the README quotes each file verbatim and runs each one as a user would (a separate JVM with the
 * module's classpath), checking what it prints.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "llmnas", "examples");
    /** The files the README quotes, whole. */
    static final List<String> QUOTED = List.of("HybridSearchExample.java", "CustomSpaceExample.java",
            "DistilLabelsExample.java");

    @TempDir
    Path tmp;

    private static List<String> javaBlocks() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @ParameterizedTest
    @ValueSource(strings = {"HybridSearchExample.java", "CustomSpaceExample.java", "DistilLabelsExample.java"})
    void the_readme_quotes_the_compiled_source_file_verbatim(String file) throws IOException {
        String source = Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
        assertThat(javaBlocks()).as("a ```java block of README.md equal to " + file).contains(source);
    }

    @Test
    void every_whole_program_in_the_readme_is_one_of_the_compiled_files() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String f : QUOTED) {
            sources.add(Files.readString(SOURCES.resolve(f), StandardCharsets.UTF_8));
        }
        List<String> programs = javaBlocks().stream().filter(b -> b.startsWith("package ")).toList();
        assertThat(programs).hasSize(QUOTED.size());
        assertThat(sources).containsAll(programs);
    }

    @Test
    void the_hybrid_search_snippet_runs_and_finds_a_cell_under_the_constraint() throws Exception {
        String out = runMain("dev.llmnas.examples.HybridSearchExample");
        assertThat(out).containsPattern("best: \\|[a-z0-9_]+~0\\|\\+.*, accuracy \\d+\\.\\d\\d%, expensive calls \\d+");
    }

    @Test
    void the_custom_space_snippet_runs_under_its_params_constraint() throws Exception {
        String out = runMain("dev.llmnas.examples.CustomSpaceExample");
        Matcher m = Pattern.compile("params ([0-9.E]+), score").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThanOrEqualTo(60_000);
    }

    @Test
    void the_distil_labels_snippet_runs_on_a_label_file() throws Exception {
        List<String> pool = Files.readAllLines(DataPaths.distillPool(dev.llmnas.examples.PaperDefaults.dataFolder()).resolve("111.jsonl"))
                .subList(0, 40);
        List<String> labelled = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            String line = pool.get(i).strip();
            labelled.add(line.substring(0, line.length() - 1)
                    + String.format(Locale.ROOT, ", \"score\": %.2f, \"model\": \"test\"}", 24 + (i % 7) * 0.3));
        }
        Path labels = Files.write(tmp.resolve("labels.jsonl"), labelled);
        String out = runMain("dev.llmnas.examples.DistilLabelsExample", labels.toString());
        assertThat(out).containsPattern("distilled 40 labels; first architecture: label 24\\.00, distilled \\d+\\.\\d\\d");
    }

    /** Runs a main class in a new JVM with this module's classpath; returns its standard output. */
    private String runMain(String mainClass, String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        Path stdout = tmp.resolve(mainClass + ".out");
        Path stderr = tmp.resolve(mainClass + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put(DataPaths.ENV, dev.llmnas.examples.PaperDefaults.dataFolder().toString());
        Process p = pb.start();
        // generous: a guard against a hung JVM, not a timing assertion
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(mainClass + " did not finish");
        }
        assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
        return Files.readString(stdout);
    }
}
