package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A model saved by release 0.1 must keep loading and predicting the same values in later releases. The
 * files under {@code src/test/resources/golden/distilled-v1} were written by {@link #write_the_golden_files}
 * from synthetic data (never from shared/data); regenerate them only when the saved format changes on purpose:
 * {@code mvn -pl predictors -am test -Dtest=GoldenModelTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dllmnas.writeGolden=src/test/resources/golden/distilled-v1} (run from the module directory's parent,
 * the path being relative to predictors/).
 */
class GoldenModelTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path GOLDEN = Path.of("src/test/resources/golden/distilled-v1");

    @Test
    void a_model_saved_by_release_0_1_loads_and_predicts_the_recorded_values() throws Exception {
        SearchSpace space = HatSpaces.wmt14ende();
        DistilledPredictor loaded = DistilledPredictor.load(GOLDEN, space);
        JsonNode expected = JSON.readTree(GOLDEN.resolve("expected.json").toFile());

        assertThat(loaded.provenance().teacher()).isEqualTo("synthetic-bleu");
        assertThat(loaded.provenance().formatVersion()).isEqualTo(1);
        assertThat(loaded.provenance().teacherProvenance()).as("format 1 predates nested provenance").isNull();
        assertThat(loaded.provenance().poolSha256()).isNull();
        assertThat(loaded.provenance().nested()).isEmpty();
        assertThat(loaded.provenance().llmnasVersion()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(loaded.provenance().created()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(loaded.trees().treeCount()).isEqualTo(20);
        List<Architecture> archs = new ArrayList<>();
        for (JsonNode item : expected.path("predictions")) {
            Architecture a = JSON.treeToValue(item.path("architecture"), Architecture.class);
            archs.add(a);
            assertThat(loaded.predict(a)).as(a.key()).isEqualTo(item.path("prediction").asDouble());
        }
        assertThat(archs).hasSize(50);
        double[] all = loaded.predictAll(archs);
        for (int i = 0; i < archs.size(); i++) {
            assertThat(all[i]).isEqualTo(expected.path("predictions").get(i).path("prediction").asDouble());
        }
        // and XGBoost itself still reads the saved model the same way
        float[] rows = Fixtures.encodeFloat(loaded.encoding(), archs);
        float[] xgb = Fixtures.xgboostPredict(Files.readAllBytes(GOLDEN.resolve(DistilledPredictor.MODEL_FILE)), rows,
                archs.size(), loaded.encoding().size());
        for (int i = 0; i < archs.size(); i++) {
            assertThat(Math.abs(all[i] - xgb[i])).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "llmnas.writeGolden", matches = ".+")
    void write_the_golden_files() throws Exception {
        Path dir = Path.of(System.getProperty("llmnas.writeGolden"));
        SearchSpace space = HatSpaces.wmt14ende();
        DistilledPredictor student = XGBoostDistiller.builder().rounds(20).maxDepth(4).learningRate(0.3).seed(42)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build()
                .distill(Fixtures.syntheticTeacher(), space, Fixtures.sample(space, 300, 42));
        student.save(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("note", "predictions of the model in this directory on architectures sampled with seed 43;"
                + " written by GoldenModelTest from synthetic data");
        ArrayNode predictions = root.putArray("predictions");
        for (Architecture a : Fixtures.sample(space, 50, 43)) {
            ObjectNode item = predictions.addObject();
            item.set("architecture", JSON.valueToTree(a));
            item.put("prediction", student.predict(a));
        }
        JSON.writeValue(dir.resolve("expected.json").toFile(), root);
    }
}
