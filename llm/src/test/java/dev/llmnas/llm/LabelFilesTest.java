package dev.llmnas.llm;

import static dev.llmnas.llm.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.data.DataPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A generations.jsonl in the paper's layout, built from the real seed-123 test records. */
    private Path generations() throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> records = Files.readAllLines(DataPaths.seedArchs(Fixtures.DATA, 123, "wmt14ende", "test"));
        for (int i = 0; i < records.size(); i++) {
            ObjectNode source = (ObjectNode) JSON.readTree(records.get(i));
            for (String model : List.of("gpt-4", "gpt-35-turbo")) {
                ObjectNode line = JSON.createObjectNode();
                line.put("seed", 123);
                line.put("openai_model", model);
                line.put("dataset", "wmt14ende");
                line.set("scratch", source.get("scratch"));
                line.put("oai_valid_BLEU", 20 + i * 0.25 + (model.equals("gpt-4") ? 0 : 1));
                lines.add(line.toString());
            }
        }
        Path file = dir.resolve("generations.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void reads_the_papers_generations_file_with_its_label_and_model() throws Exception {
        Path file = generations();
        List<ScoredArchitecture> all = LabelFiles.read(file, SPACE);
        assertThat(all).hasSize(40);
        List<ScoredArchitecture> gpt4 = LabelFiles.read(file, SPACE, LabelFiles.paperRecords("wmt14ende", 123, "gpt-4"));
        assertThat(gpt4).hasSize(20);
        assertThat(gpt4.get(0).architecture()).isEqualTo(Fixtures.seedTest().get(0));
        assertThat(gpt4.get(3).score()).isEqualTo(20.75);
        assertThat(gpt4.get(0).predictor()).isEqualTo("gpt-4");
        assertThat(LabelFiles.read(file, SPACE, LabelFiles.paperRecords("wmt14enfr", null, null))).isEmpty();
        assertThat(LabelFiles.read(file, SPACE, LabelFiles.paperRecords(null, 456, null))).isEmpty();
        assertThat(LabelFiles.read(file, SPACE, LabelFiles.paperRecords(null, null, "gpt-35-turbo")))
                .hasSize(20).allSatisfy(l -> assertThat(l.predictor()).isEqualTo("gpt-35-turbo"));
        assertThat(LabelFiles.read(file, SPACE, r -> "gpt-4".equals(r.field("openai_model"))
                && r.score("oai_valid_BLEU") > 24)).as("any filter over the record's plain values").hasSize(3);
    }

    @Test
    void a_label_is_spliced_into_the_line_so_every_other_byte_passes_through() throws Exception {
        String line = "{\"arch_info\": [\"x: 1\"], \"total_flops\": 2858319528.0, \"note\": \"a, b\"}";
        assertThat(LabelFiles.withLabel(line, 26.5, "gpt-4o-mini")).isEqualTo("{\"arch_info\": [\"x: 1\"],"
                + " \"total_flops\": 2858319528.0, \"note\": \"a, b\", \"score\": 26.5, \"model\": \"gpt-4o-mini\"}");
        assertThat(LabelFiles.withLabel("{}", 1.0, "m")).isEqualTo("{\"score\": 1.0, \"model\": \"m\"}");
        // a record labelled before: its old label is replaced, numbers kept as written
        assertThat(LabelFiles.withLabel("{\"total_flops\": 2858319528.0, \"score\": 3.0, \"model\": \"old\"}", 4.0,
                "new")).isEqualTo("{\"total_flops\":2858319528.0,\"score\":4.0,\"model\":\"new\"}");
        assertThatThrownBy(() -> LabelFiles.withLabel("[1]", 1.0, "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line: not a JSON object");
    }

    @Test
    void labels_become_a_lookup_predictor_for_distillation() throws Exception {
        List<ScoredArchitecture> all = LabelFiles.read(generations(), SPACE);
        LabelFiles.LabelTable table = LabelFiles.predictor(all, SPACE, Direction.HIGHER_IS_BETTER, "gpt-labels");
        assertThat(table.size()).isEqualTo(20);
        assertThat(table.architectures()).containsExactlyElementsOf(Fixtures.seedTest());
        // both models labelled each architecture: the mean of 20.0 and 21.0
        assertThat(table.predict(Fixtures.seedTest().get(0))).isEqualTo(20.5);
        assertThatThrownBy(() -> table.predict(Fixtures.pool(1).get(0))).isInstanceOf(PredictionException.class)
                .hasMessageContaining("no label");
    }

    @Test
    void reads_our_own_labelled_output() throws Exception {
        String line = Files.readAllLines(DataPaths.distillPool(Fixtures.DATA).resolve("111.jsonl")).get(0);
        ObjectNode record = (ObjectNode) JSON.readTree(line);
        record.put("score", 26.5);
        record.put("model", "gpt-4o-mini");
        Path file = dir.resolve("labels.jsonl");
        Files.writeString(file, record + "\n");
        ScoredArchitecture s = LabelFiles.read(file, SPACE).get(0);
        assertThat(s.score()).isEqualTo(26.5);
        assertThat(s.predictor()).isEqualTo("gpt-4o-mini");
        assertThat(s.architecture()).isEqualTo(Fixtures.pool(1).get(0));
    }

    @Test
    void a_record_without_a_label_is_an_error_naming_the_line() throws Exception {
        Path file = dir.resolve("pool.jsonl");
        List<String> pool = Files.readAllLines(DataPaths.distillPool(Fixtures.DATA).resolve("111.jsonl")).subList(0, 3);
        Files.write(file, pool);
        assertThatThrownBy(() -> LabelFiles.read(file, SPACE)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(file + ":1").hasMessageContaining("oai_valid_BLEU");
    }
}
