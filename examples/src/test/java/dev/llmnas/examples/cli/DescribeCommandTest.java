package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DescribeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = dev.llmnas.examples.PaperDefaults.dataFolder();

    @TempDir
    Path tmp;

    /** Exit code, standard output and standard error of one run. */
    record Run(int exit, String out, String err) {
        List<JsonNode> json() throws IOException {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\\R")) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        }
    }

    /** Runs in-process with picocli's writers and an environment that configures no LLM. */
    static Run run(String... args) {
        Cli.Run r = Cli.run(args);
        return new Run(r.code(), r.out(), r.err());
    }

    private Path write(String name, String... lines) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"wmt14ende", "wmt14enfr", "wmt19ende"})
    void every_seed_architecture_gets_a_line_with_its_canonical_form_the_recorded_metrics_and_its_features(String task)
            throws IOException {
        Path file = DataPaths.seedArchs(DATA, 123, task, "test");
        SearchSpace space = HatSpaces.forTask(task);
        List<LabelledArchitecture> records = LlmasJsonl.read(file, space);

        Run r = run("describe", "--space", "hat-" + task, "--archs", file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<JsonNode> lines = r.json();
        assertThat(lines).hasSize(20);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            LabelledArchitecture rec = records.get(i);
            assertThat(line.get("line").asLong()).isEqualTo(i + 1);
            Architecture a = Architecture.fromJson(line.get("architecture").toString());
            assertThat(a.key()).isEqualTo(rec.architecture().key());
            JsonNode m = line.get("metrics");
            assertThat(m.get("params").isIntegralNumber()).isTrue();
            assertThat(m.get("params").asDouble()).isEqualTo(rec.metric("num_parameters_without_embedding_weights"));
            assertThat(m.get("embedding-params").asDouble()).isEqualTo(rec.metric("num_embedding_parameters"));
            assertThat(m.get("flops").asDouble()).isEqualTo(rec.metric("total_flops"));
            assertThat(m.get("last-layer-flops").asDouble()).isEqualTo(rec.metric("last_layer_flops"));
            JsonNode f = line.get("features");
            assertThat(f.get("encoding").asText()).isEqualTo("means");
            assertThat(f.get("names")).hasSize(10);
            double[] expected = space.encode(rec.architecture());
            for (int k = 0; k < expected.length; k++) {
                assertThat(f.get("values").get(k).asDouble()).isEqualTo(expected[k]);
            }
        }
    }

    @Test
    void json_option_writes_the_lines_to_a_file_and_says_so_on_standard_error() throws IOException {
        Path out = tmp.resolve("out.jsonl");
        Run r = run("describe", "--space", "hat-wmt14ende", "--archs",
                DataPaths.seedArchs(DATA, 456, "wmt14ende", "train").toString(), "--json", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("described 10 architectures of hat-wmt14ende into " + out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(10);
        assertThat(JSON.readTree(lines.get(0)).get("metrics").fieldNames()).toIterable()
                .containsExactly("params", "embedding-params", "flops", "last-layer-flops");
    }

    @Test
    void per_layer_encoding_can_be_chosen() throws IOException {
        Run r = run("describe", "--space", "hat-wmt19ende", "--encoding", "per-layer", "--archs",
                DataPaths.seedArchs(DATA, 789, "wmt19ende", "train").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode f = r.json().get(0).get("features");
        assertThat(f.get("encoding").asText()).isEqualTo("per-layer");
        assertThat(f.get("names")).hasSize(HatSpaces.wmt19ende().encoding("per-layer").size());
    }

    @Test
    void a_relative_path_resolves_against_the_working_directory_as_in_every_command() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        Path relative = cwd.relativize(DATA.resolve("llmas/seedarchs/123/wmt14enfr/train.jsonl").toAbsolutePath());
        Run r = run("describe", "--space", "hat-wmt14enfr", "--archs", relative.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json()).hasSize(10);
        // no second place is searched: a path meant inside the data folder says where it was looked for
        r = run("describe", "--space", "hat-wmt14enfr", "--archs", "llmas/seedarchs/123/wmt14enfr/train.jsonl",
                "--data", DATA.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("relative paths resolve against the working directory " + cwd);
    }

    @Test
    void an_output_that_is_the_input_is_refused_and_the_input_survives() throws IOException {
        Path a = write("a.txt", "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|none~1|avg_pool_3x3~2|");
        String before = Files.readString(a);
        Run r = run("describe", "--space", "nb201", "--archs", a.toString(), "--json", a.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("--json: " + a + " is the same file as --archs");
        assertThat(Files.readString(a)).isEqualTo(before);
        Path viaLink = Files.createSymbolicLink(tmp.resolve("link.txt"), a);
        r = run("describe", "--space", "nb201", "--archs", a.toString(), "--json", viaLink.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(Files.readString(a)).isEqualTo(before);
    }

    @Test
    void nb201_reads_architecture_strings_one_a_line_skipping_blanks_and_comments() throws IOException {
        String a = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
        String b = "|none~0|+|avg_pool_3x3~0|none~1|+|none~0|none~1|skip_connect~2|";
        Path file = write("archs.txt", "# two cells", a, "", "  " + b + "  ");

        Run r = run("describe", "--space", "nb201", "--archs", file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.json();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(lines.get(1).get("line").asInt()).isEqualTo(4);
        assertThat(lines.get(0).get("arch").asText()).isEqualTo(a);
        assertThat(lines.get(0).get("architecture").get("edge-2-3").asText()).isEqualTo("nor_conv_1x1");
        assertThat(lines.get(0).get("metrics").get("convs").asInt()).isEqualTo(5);
        assertThat(lines.get(0).get("metrics").get("cell-params").asInt()).isEqualTo(4 * 2304 + 256);
        assertThat(lines.get(1).get("metrics").get("convs").asInt()).isZero();
        assertThat(lines.get(1).get("features").get("values")).hasSize(30);
        assertThat(Architecture.fromJson(lines.get(1).get("architecture").toString())).isEqualTo(Nb201Space.parse(b));
    }

    @Test
    void nb201_also_reads_json_lines_with_an_arch_field() throws IOException {
        String a = "|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
        Path file = write("archs.jsonl", "{\"arch\": \"" + a + "\", \"note\": 1}");
        Run r = run("describe", "--space", "nb201", "--archs", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get(0).get("arch").asText()).isEqualTo(a);
    }

    @Test
    void a_missing_file_is_a_one_line_usage_error() {
        Path missing = tmp.resolve("missing.jsonl");
        Run r = run("describe", "--space", "hat-wmt14ende", "--archs", missing.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("error: --archs: file not found: " + missing);
    }

    @Test
    void a_missing_relative_file_names_where_it_looked() {
        Run r = run("describe", "--space", "nb201", "--archs", "no/such.txt", "--data", DATA.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --archs: file not found: no/such.txt (relative paths resolve"
                + " against the working directory " + Path.of("").toAbsolutePath() + ")");
    }

    @Test
    void a_wrong_data_folder_is_reported_as_such() {
        Path nope = tmp.resolve("nope");
        Run r = run("describe", "--space", "nb201", "--archs", "x.txt", "--data", nope.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("error: data directory not found: --data = " + nope);
    }

    @Test
    void an_unknown_space_lists_the_allowed_ones() throws IOException {
        Path file = write("x.txt", "x");
        Run r = run("describe", "--space", "hat-wmt16roen", "--archs", file.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo(
                "error: --space: 'hat-wmt16roen' is not one of [hat-wmt14ende, hat-wmt14enfr, hat-wmt19ende, nb201]");
    }

    @Test
    void an_unknown_encoding_lists_the_available_ones() throws IOException {
        Path file = write("x.txt", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        Run r = run("describe", "--space", "nb201", "--encoding", "onehot", "--archs", file.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("error: --encoding: 'onehot' is not one of [means, per-layer] of space nb201");
    }

    @Test
    void a_malformed_line_fails_with_file_line_and_reason_and_writes_nothing() throws IOException {
        Path src = DataPaths.seedArchs(DATA, 123, "wmt14ende", "train");
        List<String> lines = new ArrayList<>(Files.readAllLines(src).subList(0, 4));
        lines.set(2, lines.get(2).replace("encoder-layer-num-subtransformer: 6", "encoder-layer-num-subtransformer: 7"));
        Path file = write("bad.jsonl", lines.toArray(String[]::new));
        Path out = tmp.resolve("out.jsonl");

        Run r = run("describe", "--space", "hat-wmt14ende", "--archs", file.toString(), "--json", out.toString());

        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: " + file + ":3: ").contains("encoder-layer-num: 7 is not one of [6]");
        assertThat(out).doesNotExist();
    }

    @Test
    void malformed_nb201_lines_name_the_file_and_line() throws IOException {
        Path text = write("bad.txt", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "|none~0|+|conv~0|none~1|+|none~0|none~1|none~2|");
        Run r = run("describe", "--space", "nb201", "--archs", text.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("error: " + text + ":2: edge-0-2: conv is not one of"
                + " [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]");

        Path json = write("bad.jsonl", "{\"architecture\": \"|none~0|\"}");
        r = run("describe", "--space", "nb201", "--archs", json.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("error: " + json + ":1: no \"arch\" string field");

        Path paper = DataPaths.seedArchs(DATA, 123, "wmt14ende", "train");
        r = run("describe", "--space", "nb201", "--archs", paper.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("error: " + paper + ":1: no \"arch\" string field");
    }

    @Test
    void missing_required_options_are_usage_errors() {
        Run r = run("describe", "--space", "nb201");
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("Missing required option: '--archs=FILE'");
    }

    @Test
    void help_explains_both_input_formats() {
        Run r = run("describe", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("scratch.arch_info", "|op~0|+|op~0|op~1|+|op~0|op~1|op~2|", "\"arch\" field",
                "--space", "--archs", "--json", "--data");
    }

    @Test
    void an_empty_file_and_an_unwritable_json_target_are_usage_errors() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        Run r = run("describe", "--space", "nb201", "--archs", empty.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --archs: " + empty + " holds no architectures");
        Path good = Files.writeString(tmp.resolve("good.txt"), Nb201Space.toArchString(Nb201Space.all().get(7)) + "\n");
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Run d = run("describe", "--space", "nb201", "--archs", good.toString(), "--json", dir.toString());
        assertThat(d.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(d.err().strip()).isEqualTo("error: --json: cannot write " + dir + ": it is a directory");
    }
}
