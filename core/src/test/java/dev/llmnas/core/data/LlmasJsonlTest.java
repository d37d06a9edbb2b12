package dev.llmnas.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.TestData;
import dev.llmnas.core.spaces.HatSpaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmasJsonlTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Asserts that every record is exactly the JSON of its line, in order, blank lines skipped. */
    private static void assertEveryFieldKept(Path file, List<LabelledArchitecture> records) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        assertThat(records).hasSameSizeAs(lines);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(JSON.readTree(records.get(i).source())).as("%s record %d", file, i + 1)
                    .isEqualTo(JSON.readTree(lines.get(i)));
            assertThat(records.get(i).source()).isEqualTo(lines.get(i).replace("\uFEFF", ""));
        }
    }

    @Test
    void the_seed_splits_hold_ten_demonstrations_and_twenty_tests_of_the_same_thirty_architectures() throws IOException {
        for (String task : HatSpaces.tasks()) {
            SearchSpace space = HatSpaces.forTask(task);
            Set<Set<Architecture>> perSeed = new HashSet<>();
            for (int seed : new int[] {123, 456, 789}) {
                Path train = DataPaths.seedArchs(TestData.dir(), seed, task, "train");
                Path test = DataPaths.seedArchs(TestData.dir(), seed, task, "test");
                List<LabelledArchitecture> tr = LlmasJsonl.read(train, space);
                List<LabelledArchitecture> te = LlmasJsonl.read(test, space);
                assertThat(tr).hasSize(10);
                assertThat(te).hasSize(20);
                assertEveryFieldKept(train, tr);
                assertEveryFieldKept(test, te);
                Set<Architecture> all = new HashSet<>();
                Stream.concat(tr.stream(), te.stream()).forEach(r -> all.add(r.architecture()));
                assertThat(all).as("%s seed %d: train and test are disjoint", task, seed).hasSize(30);
                perSeed.add(all);
            }
            assertThat(perSeed).as("%s: every seed splits the same 30 architectures", task).hasSize(1);
        }
    }

    @Test
    void seed_records_expose_the_papers_scores_and_recorded_metrics() throws IOException {
        LabelledArchitecture r = LlmasJsonl.read(DataPaths.seedArchs(TestData.dir(), 123, "wmt14ende", "test"), HAT).get(0);
        assertThat(r.scores()).containsKeys("scratch.valid_BLEU", "scratch.test_BLEU", "HAT.valid_BLEU",
                "HAT.test_BLEU", "Supernet (Sandwich).valid_BLEU", "Layer-wise MoS.valid_BLEU",
                "Neuron-wise MoS.valid_BLEU", "Neuron-wise MoS.test_BLEU");
        assertThat(r.metrics()).containsKeys("num_parameters_without_embedding_weights", "num_embedding_parameters",
                "total_flops", "last_layer_flops", "overall_latency");
        JsonNode tree = JSON.readTree(r.source());
        assertThat(r.score("scratch.valid_BLEU")).isEqualTo(tree.get("scratch").get("valid_BLEU").asDouble());
        assertThat(r.metric("total_flops")).isEqualTo(tree.get("scratch").get("total_flops").asDouble());
        assertThat(r.field("scratch.sockeye_dir")).as("string fields are kept")
                .isEqualTo(tree.get("scratch").get("sockeye_dir").asText());
        assertThat(r.scores()).doesNotContainKey("scratch.sockeye_dir");
        assertThatThrownBy(() -> r.score("oai.valid_BLEU")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score 'oai.valid_BLEU': missing (this record's numeric scores: [scratch.test_BLEU,");
        assertThatThrownBy(() -> r.metric("latency")).hasMessageContaining("metric: 'latency' is not one of");
    }

    @Test
    void all_seventeen_distillation_pools_read_completely_with_every_field_kept() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DataPaths.distillPool(TestData.dir()))) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertThat(files).hasSize(17);
        int total = 0;
        for (Path f : files) {
            List<LabelledArchitecture> records = LlmasJsonl.read(f, HAT);
            assertThat(records).as(f.toString()).hasSize(500);
            assertEveryFieldKept(f, records);
            records.forEach(r -> assertThat(r.metrics()).containsKey("total_flops"));
            total += records.size();
        }
        assertThat(total).isEqualTo(8_500);
    }

    private Path write(String name, String... lines) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines), StandardCharsets.UTF_8);
        return f;
    }

    private static String record(int decoderLayers, String ffn) {
        return "{\"scratch\":{\"arch_info\":[\"encoder-embed-dim-subtransformer: 512\","
                + "\"encoder-layer-num-subtransformer: 6\","
                + "\"encoder-ffn-embed-dim-all-subtransformer: [1024, 1024, 1024, 1024, 1024, 1024]\","
                + "\"encoder-self-attention-heads-all-subtransformer: [4, 4, 4, 4, 4, 4]\","
                + "\"decoder-embed-dim-subtransformer: 512\","
                + "\"decoder-layer-num-subtransformer: " + decoderLayers + "\","
                + "\"decoder-ffn-embed-dim-all-subtransformer: " + ffn + "\","
                + "\"decoder-self-attention-heads-all-subtransformer: [4, 4]\","
                + "\"decoder-ende-attention-heads-all-subtransformer: [4, 4]\","
                + "\"decoder-arbitrary-ende-attn-all-subtransformer: [-1, 1]\"],"
                + "\"valid_BLEU\":25.5,\"total_flops\":2.5e9},\"oai_valid_BLEU\":26,\"note\":\"kept\"}";
    }

    @Test
    void a_small_file_of_our_own_reads_with_blank_lines_crlf_and_a_byte_order_mark() throws IOException {
        Path f = tmp.resolve("own.jsonl");
        Files.writeString(f, "\uFEFF" + record(2, "[1024, 2048]") + "\r\n\r\n" + record(1, "[3072]"), StandardCharsets.UTF_8);
        List<LabelledArchitecture> r = LlmasJsonl.read(f, HAT);
        assertThat(r).hasSize(2);
        assertThat(r.get(0).architecture().getIntList("decoder-ffn-embed-dim")).containsExactly(1024, 2048);
        assertThat(r.get(1).architecture().getIntList("decoder-self-attention-heads")).as("cut to the depth").containsExactly(4);
        assertThat(r.get(0).scores()).containsEntry("scratch.valid_BLEU", 25.5).containsEntry("oai_valid_BLEU", 26.0);
        assertThat(r.get(0).metrics()).containsEntry("total_flops", 2.5e9);
        assertThat(r.get(0).field("note")).isEqualTo("kept");
    }

    @Test
    void a_top_level_arch_info_is_accepted_too() throws IOException {
        String line = record(2, "[1024, 2048]").replace("{\"scratch\":{\"arch_info\"", "{\"arch_info\"")
                .replace(",\"valid_BLEU\":25.5,\"total_flops\":2.5e9}", ",\"score\":1.5");
        List<LabelledArchitecture> r = LlmasJsonl.read(write("top.jsonl", line), HAT);
        assertThat(r.get(0).scores()).containsEntry("score", 1.5);
    }

    @Test
    void malformed_lines_fail_with_file_line_and_reason_and_never_drop_the_rest_silently() throws IOException {
        String good = record(2, "[1024, 2048]");
        assertMalformed(write("json.jsonl", good, "{\"scratch\": ", good), 2, "not valid JSON");
        assertMalformed(write("array.jsonl", good, good, "[1, 2]"), 3, "expected a JSON object, found ARRAY");
        assertMalformed(write("noinfo.jsonl", "{\"scratch\":{\"valid_BLEU\":1}}"), 1,
                "no arch_info list (looked at scratch.arch_info and arch_info)");
        assertMalformed(write("nonstring.jsonl", "{\"arch_info\":[\"encoder-embed-dim: 512\", 7]}"), 1,
                "arch_info element 7 is not a string");
        assertMalformed(write("space.jsonl", good, good.replace("encoder-layer-num-subtransformer: 6",
                "encoder-layer-num-subtransformer: 7")), 2,
                "architecture not in space hat-wmt14ende: encoder-layer-num: 7 is not one of [6]");
        assertMalformed(write("short.jsonl", record(2, "[1024]")), 1, "decoder-ffn-embed-dim: 1 values [1024]");
    }

    private static void assertMalformed(Path file, long line, String reason) {
        assertThatThrownBy(() -> LlmasJsonl.read(file, HAT))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining(reason)
                .satisfies(e -> {
                    DataFormatException d = (DataFormatException) e;
                    assertThat(d.file()).isEqualTo(file);
                    assertThat(d.line()).isEqualTo(line);
                });
    }

    @Test
    void a_missing_file_fails_naming_the_file() {
        Path missing = tmp.resolve("missing.jsonl");
        assertThatThrownBy(() -> LlmasJsonl.read(missing, HAT)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(missing + ": ").hasMessageContaining("cannot read");
    }

    @Test
    void parse_line_reports_the_given_file_and_line() {
        Path where = Path.of("inline.jsonl");
        assertThatThrownBy(() -> LlmasJsonl.parseLine(where, 42, "nope", HAT))
                .hasMessageStartingWith("inline.jsonl:42: not valid JSON");
        List<String> ok = new ArrayList<>(List.of(record(2, "[1024, 2048]")));
        assertThat(LlmasJsonl.parseLine(where, 1, ok.get(0), HAT).architecture().getInt("decoder-layer-num")).isEqualTo(2);
    }

    @Test
    void scores_and_metrics_keep_the_order_of_the_record() {
        LabelledArchitecture r = LlmasJsonl.read(DataPaths.seedArchs(TestData.dir(), 123, "wmt14ende", "train"), HAT).get(0);
        assertThat(r.scores().keySet()).containsExactly("scratch.test_BLEU", "scratch.valid_BLEU", "HAT.test_BLEU",
                "HAT.valid_BLEU", "Supernet (Sandwich).test_BLEU", "Supernet (Sandwich).valid_BLEU",
                "Layer-wise MoS.test_BLEU", "Layer-wise MoS.valid_BLEU", "Neuron-wise MoS.test_BLEU",
                "Neuron-wise MoS.valid_BLEU");
        assertThat(r.metrics().keySet()).containsExactly("num_parameters_without_embedding_weights",
                "num_embedding_parameters", "overall_latency", "total_flops", "last_layer_flops",
                "total_flops_without_last_layer");
    }

    @Test
    void unreadable_files_say_why() throws IOException {
        Path missing = tmp.resolve("missing.jsonl");
        assertThatThrownBy(() -> LlmasJsonl.read(missing, HAT)).hasMessage(missing + ": cannot read: file not found");
        Path binary = tmp.resolve("binary.jsonl");
        byte[] bytes = (record(2, "[1024, 2048]") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withJunk = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        withJunk[bytes.length] = (byte) 0xC3;
        withJunk[bytes.length + 1] = (byte) 0x28;
        Files.write(binary, withJunk);
        assertThatThrownBy(() -> LlmasJsonl.read(binary, HAT)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(binary + ": cannot read: not UTF-8 text");
    }

    // ---- seed files: the score every record needs ------------------------------------------------------

    private static void assertSeedError(Path file, long line, String message) {
        assertThatThrownBy(() -> LlmasJsonl.read(file, HAT, "scratch.valid_BLEU"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    @Test
    void an_empty_seed_file_says_it_holds_no_records() throws IOException {
        assertSeedError(write("train.jsonl"), 0, "holds no records (the file is empty); expected one JSON object"
                + " a line with scratch.arch_info and scratch.valid_BLEU");
        assertSeedError(write("blank.jsonl", "", "  "), 0, "holds no records (only blank lines); expected one JSON"
                + " object a line with scratch.arch_info and scratch.valid_BLEU");
    }

    @Test
    void a_seed_record_without_its_score_names_file_line_field_and_reason() throws IOException {
        String good = record(2, "[1024, 2048]");
        assertSeedError(write("missing.jsonl", good, good, good.replace("\"valid_BLEU\":25.5,", "")), 3,
                "scratch.valid_BLEU: missing; every record needs it as a number");
        assertSeedError(write("nan.jsonl", good, good, good.replace("\"valid_BLEU\":25.5", "\"valid_BLEU\":\"NaN\"")), 3,
                "scratch.valid_BLEU: \"NaN\" is a string, not a number; every record needs it as a number");
        assertSeedError(write("null.jsonl", good.replace("\"valid_BLEU\":25.5", "\"valid_BLEU\":null")), 1,
                "scratch.valid_BLEU: null; expected a number; every record needs it as a number");
    }

    @Test
    void absurd_or_non_finite_scores_are_rejected_when_read_naming_file_line_and_field() throws IOException {
        String good = record(2, "[1024, 2048]");
        Path huge = write("huge.jsonl", good, good, good.replace("\"valid_BLEU\":25.5", "\"valid_BLEU\":1e308"));
        assertSeedError(huge, 3, "scratch.valid_BLEU: 1.0E308 is outside [0, 100]; BLEU is a percentage");
        assertMalformed(huge, 3, "scratch.valid_BLEU: 1.0E308 is outside [0, 100]");
        assertMalformed(write("negative.jsonl", good.replace("\"oai_valid_BLEU\":26", "\"oai_valid_BLEU\":-3")), 1,
                "oai_valid_BLEU: -3 is outside [0, 100]");
        assertMalformed(write("inf.jsonl", good.replace("\"total_flops\":2.5e9", "\"total_flops\":1e999")), 1,
                "scratch.total_flops: ");
        assertMalformed(write("infscore.jsonl", good, good.replace(",\"valid_BLEU\":25.5", ",\"score\":1e999")), 2,
                "scratch.score: ");
        assertThatThrownBy(() -> LlmasJsonl.read(write("inf2.jsonl", good.replace("\"total_flops\":2.5e9",
                "\"total_flops\":1e999")), HAT)).hasMessageContaining("is not a finite number");
    }

    @Test
    void a_seed_file_with_a_byte_order_mark_and_every_score_reads_in_order() throws IOException {
        Path f = tmp.resolve("bom.jsonl");
        Files.writeString(f, "\uFEFF" + record(2, "[1024, 2048]") + "\n" + record(1, "[3072]") + "\n",
                StandardCharsets.UTF_8);
        List<LabelledArchitecture> r = LlmasJsonl.read(f, HAT, "scratch.valid_BLEU");
        assertThat(r).hasSize(2);
        assertThat(r.get(1).score("scratch.valid_BLEU")).isEqualTo(25.5);
        assertThat(LlmasJsonl.parseLine(f, 1, "\uFEFF" + record(1, "[3072]"), HAT).architecture().getInt(
                "decoder-layer-num")).as("parseLine (used by label) accepts the mark on line 1").isEqualTo(1);
    }

    @Test
    void asking_a_record_for_a_score_it_holds_as_a_string_says_so() throws IOException {
        String line = record(2, "[1024, 2048]").replace("\"valid_BLEU\":25.5", "\"valid_BLEU\":\"NaN\"");
        LabelledArchitecture r = LlmasJsonl.read(write("s.jsonl", line), HAT).get(0);
        assertThatThrownBy(() -> r.score("scratch.valid_BLEU")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("score 'scratch.valid_BLEU': \"NaN\" is a string, not a number"
                        + " (this record's numeric scores: [oai_valid_BLEU]) for encoder-embed-dim=512;");
    }

    @Test
    void every_real_seed_file_holds_its_ground_truth() {
        for (String task : List.of("wmt14ende", "wmt14enfr", "wmt19ende")) {
            for (int seed : new int[] {123, 456, 789}) {
                SearchSpace space = dev.llmnas.core.spaces.HatSpaces.forTask(task);
                assertThat(LlmasJsonl.read(DataPaths.seedArchs(TestData.dir(), seed, task, "train"), space,
                        "scratch.valid_BLEU")).hasSize(10);
            }
        }
    }
}
