package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.examples.PaperDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No command writes among the data sets: every output option pointing at the data folder or into it, directly,
 * through {@code ../} or through a linked folder, is refused before any work with one line, exit code 2, and the
 * data folder is left byte for byte as it was. The commands run on a private copy of the data (never the shared
 * folder), so a check that fails here damages nothing but the copy.
 */
class OutputsOutsideDataFolderTest {
    /** An LLM "configured" at a closed port: the refusals come before any call, so nothing is contacted. */
    private static final Map<String, String> LLM = Map.of("OPENAI_API_KEY", "sk-test-not-a-key",
            "OPENAI_BASE_URL", "http://127.0.0.1:9/v1", "OPENAI_MODEL", "gpt-test");

    @TempDir
    static Path root;
    private static Path data;
    private static Path elsewhere;
    private static Map<String, String> before;

    @BeforeAll
    static void privateCopyOfTheData() throws IOException {
        data = root.resolve("data");
        copy(PaperDefaults.dataFolder(), data);
        elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.copy(data.resolve("llmas/distill-pool/111.jsonl"), elsewhere.resolve("pool.jsonl"));
        Files.createSymbolicLink(root.resolve("alias"), data);            // a link to the data folder
        Files.createSymbolicLink(elsewhere.resolve("nats"), data.resolve("nats-bench"));   // a link into it
        before = snapshot(data);
    }

    /** A data file or folder as an output would name it: directly, through ../, or through a linked folder. */
    enum Spelling {
        DIRECT(rel -> data.resolve(rel)),
        DOT_DOT(rel -> elsewhere.resolve("../data/./llmas/..").resolve(rel)),
        LINKED_FOLDER(rel -> root.resolve("alias").resolve(rel));

        final Function<String, Path> path;

        Spelling(Function<String, Path> path) {
            this.path = path;
        }
    }

    /** One refused case: the command line, with {@code OUT} where the output path goes, and the option named. */
    private record Case(String name, String option, String target, Map<String, String> env, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(String name, String option, String target, Map<String, String> env, String... args) {
        return new Case(name, option, target, env, List.of(args));
    }

    static Stream<Arguments> cases() {
        String nats = "nats-bench/nats_bench.csv";
        String seeds = "llmas/seedarchs/123/wmt14ende/train.jsonl";
        String latency = "hat-latency/wmt14ende_cpu_xeon_all.csv";
        String pool = "llmas/distill-pool/111.jsonl";
        List<Case> cases = List.of(
                of("search-benchmark --json", "--json", nats, Map.of(), "search-benchmark", "--dataset", "cifar10",
                        "--seeds", "1", "--methods", "guided", "--no-progress", "--json", "OUT"),
                of("search-benchmark --curves", "--curves", "nats-bench", Map.of(), "search-benchmark", "--dataset",
                        "cifar10", "--seeds", "1", "--iterations", "4", "--no-progress", "--curves", "OUT"),
                of("search-benchmark --curves (the data folder)", "--curves", "", Map.of(), "search-benchmark",
                        "--dataset", "cifar10", "--seeds", "1", "--iterations", "4", "--no-progress", "--curves", "OUT"),
                of("search-benchmark --cache", "--cache", "llmas/answers.jsonl", LLM, "search-benchmark", "--dataset",
                        "cifar10", "--teacher", "llm", "--seeds", "1", "--no-progress", "--cache", "OUT"),
                of("search-benchmark --llm-cache", "--llm-cache", "llmas/answers.jsonl", LLM, "search-benchmark",
                        "--dataset", "cifar10", "--teacher", "llm", "--seeds", "1", "--no-progress", "--llm-cache", "OUT"),
                of("pareto-benchmark --json", "--json", nats, Map.of(), "pareto-benchmark", "--datasets", "cifar10",
                        "--seeds", "1", "--no-progress", "--json", "OUT"),
                of("pareto-benchmark --plots", "--plots", "nats-bench", Map.of(), "pareto-benchmark", "--datasets",
                        "cifar10", "--seeds", "1", "--no-progress", "--plots", "OUT"),
                of("predictors --json", "--json", seeds, Map.of(), "predictors", "--task", "wmt14ende", "--pool-size",
                        "20", "--no-llm", "--json", "OUT"),
                of("predictors --cache", "--cache", "llmas/answers.jsonl", LLM, "predictors", "--task", "wmt14ende",
                        "--pool-size", "20", "--cache", "OUT"),
                of("latency-predictors --json", "--json", latency, Map.of(), "latency-predictors", "--sets",
                        "wmt14ende/xeon", "--models", "linear-10", "--no-progress", "--json", "OUT"),
                of("describe --json", "--json", seeds, Map.of(), "describe", "--space", "hat-wmt14ende", "--archs",
                        data.resolve("llmas/seedarchs/456/wmt14ende/train.jsonl").toString(), "--json", "OUT"),
                of("quickstart --out", "--out", "llmas", Map.of(), "quickstart", "--teacher", "fewshot",
                        "--pool-size", "300", "--no-progress", "--out", "OUT"),
                of("quickstart --out (the data folder)", "--out", "", Map.of(), "quickstart", "--teacher", "fewshot",
                        "--pool-size", "300", "--no-progress", "--out", "OUT"),
                of("label --out", "--out", pool, LLM, "label", "--task", "wmt14ende", "--pool",
                        elsewhere.resolve("pool.jsonl").toString(), "--cache", elsewhere.resolve("c.jsonl").toString(),
                        "--out", "OUT"),
                of("label --cache", "--cache", "llmas/answers.jsonl", LLM, "label", "--task", "wmt14ende", "--pool",
                        data.resolve(pool).toString(), "--out", elsewhere.resolve("labelled.jsonl").toString(),
                        "--cache", "OUT"),
                of("studies export --out", "--out", nats, Map.of(), "studies", "export", "--database",
                        "jdbc:sqlite:" + elsewhere.resolve("s.db"), "--study", "s", "--out", "OUT"),
                of("studies create --database", "--database", "studies.db", Map.of(), "studies", "create",
                        "--study", "s", "--strategy", "random", "--predictor", "nats-bench:cifar10",
                        "--database", "jdbc:sqlite:OUT"),
                of("worker --database", "--database", "nats-bench/studies.db", Map.of(), "worker", "--study", "s",
                        "--database", "jdbc:sqlite:OUT"));
        List<Arguments> all = new ArrayList<>();
        for (Case c : cases) {
            for (Spelling s : Spelling.values()) {
                all.add(Arguments.of(c, s));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void an_output_among_the_data_sets_is_refused_before_any_work(Case c, Spelling spelling) throws IOException {
        Path out = spelling.path.apply(c.target()).resolve("");
        List<String> args = new ArrayList<>();
        for (String a : c.args()) {
            args.add(a.replace("OUT", out.toString()));
        }
        args.add("--data");
        args.add(data.toString());

        Cli.Run run = Cli.run(c.env(), args.toArray(String[]::new));

        assertThat(run.code()).as(run.err()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("error: " + c.option() + ": " + out + " is inside the data folder "
                + data + " (--data); outputs must not be written among the data sets: choose another place");
        assertThat(snapshot(data)).as("the data folder, file by file").isEqualTo(before);
    }

    @Test
    void outputs_beside_the_data_folder_pass_the_check_and_links_are_resolved_before_dot_dot() {
        // a sibling whose name starts like the data folder's is not inside it
        OutputPaths.refuseInside(root.resolve("data-results/x.json"), "--json", data);
        OutputPaths.refuseInside(root.resolve("data.json"), "--json", data);
        // the system resolves the link before "..": nats/.. is the data folder, not elsewhere/
        assertThat(OutputPaths.inside(elsewhere.resolve("nats/../x.json"), data)).isTrue();
        assertThat(OutputPaths.inside(elsewhere.resolve("nats/../../elsewhere/x.json"), data)).isFalse();
        assertThat(OutputPaths.inside(elsewhere.resolve("nats/new/deeper.json"), data)).isTrue();
        assertThat(OutputPaths.inside(root.resolve("alias"), data)).isTrue();
        assertThat(OutputPaths.inside(root.resolve("data-results"), data)).isFalse();
    }

    /** Every file under {@code dir} (relative path) with the SHA-256 of its bytes; folders too, as "dir". */
    private static Map<String, String> snapshot(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
