package dev.llmnas.examples.cli;

import dev.llmnas.examples.PaperDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.data.DataPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code predictors} on a data folder whose seed file {@code 123/wmt14ende/train.jsonl} is damaged in one way:
 * one line naming the file, the line, the field and the reason (in the words of core's reader, which checks every
 * seed file before any work), exit 2, and no {@code --json} written. The
 * folder is built in a temporary directory from the real seed files (the pool is linked, not copied).
 */
class PredictorsDamagedSeedFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path dataWith(Consumer<ObjectNode> damageLine3, boolean empty) throws IOException {
        Path real = dev.llmnas.examples.PaperDefaults.dataFolder();
        Path data = tmp.resolve("data");
        for (int seed : PaperDefaults.SEEDS) {
            for (String split : List.of("train", "test")) {
                Path from = DataPaths.seedArchs(real, seed, "wmt14ende", split);
                Path to = DataPaths.seedArchs(data, seed, "wmt14ende", split);
                Files.createDirectories(to.getParent());
                Files.copy(from, to);
            }
        }
        Files.createSymbolicLink(data.resolve("llmas").resolve("distill-pool"), DataPaths.distillPool(real));
        Path train = DataPaths.seedArchs(data, 123, "wmt14ende", "train");
        if (empty) {
            Files.writeString(train, "");
        } else {
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(train));
            ObjectNode record = (ObjectNode) JSON.readTree(lines.get(2));
            damageLine3.accept((ObjectNode) record.get("scratch"));
            lines.set(2, JSON.writeValueAsString(record));
            Files.write(train, lines);
        }
        return data;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing    | :3: scratch.valid_BLEU: missing; every record needs it as a number",
        "nan-string | :3: scratch.valid_BLEU: \"NaN\" is a string, not a number",
        "huge       | :3: scratch.valid_BLEU: 1.0E308 is outside [0, 100]; BLEU is a percentage",
        "empty      | : holds no records (the file is empty)"})
    void a_damaged_seed_file_names_file_line_field_and_reason_exits_2_and_writes_nothing(String damage,
                                                                                        String expected)
            throws IOException {
        Path data = dataWith(scratch -> {
            switch (damage) {
                case "missing" -> scratch.remove("valid_BLEU");
                case "nan-string" -> scratch.put("valid_BLEU", "NaN");
                case "huge" -> scratch.put("valid_BLEU", 1e308);
                default -> { }
            }
        }, damage.equals("empty"));
        Path json = tmp.resolve("rows.json");
        Cli.Run r = Cli.run("predictors", "--data", data.toString(), "--pool-size", "20", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(LlmnasCli.EXIT_USAGE);
        Path train = DataPaths.seedArchs(data, 123, "wmt14ende", "train");
        assertThat(r.err().strip()).startsWith("error: " + train + expected).doesNotContain("\n");
        assertThat(json).doesNotExist();
        assertThat(r.out()).isEmpty();
    }
}
