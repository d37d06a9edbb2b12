package dev.llmnas.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.data.DataPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks the paper's seed-architecture files of a task before any work, so that a damaged file is reported as
 * {@code FILE:LINE: field: value, reason} (exit 2) instead of surfacing later as a failed row or a message
 * about an architecture. Checks what the predictor table relies on: every file holds architectures, and every
 * record's {@code scratch.valid_BLEU} (the ground truth) is a finite number that a BLEU score can be.
 */
final class SeedFiles {
    /** The largest value a BLEU score can take. */
    static final double MAX_BLEU = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SeedFiles() {
    }

    /** @throws DataFormatException naming the file, the line, the field and the reason */
    static void check(Path data, String task) {
        for (int seed : dev.llmnas.examples.PaperDefaults.SEEDS) {
            for (String split : List.of("train", "test")) {
                Path file = DataPaths.seedArchs(data, seed, task, split);
                if (Files.isRegularFile(file)) {
                    checkFile(file);
                }
            }
        }
    }

    static void checkFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read: " + OutputPaths.reason(e), e);
        }
        int records = 0;
        for (int i = 0; i < lines.size(); i++) {
            String text = i == 0 && lines.get(i).startsWith("\uFEFF") ? lines.get(i).substring(1) : lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            records++;
            long line = i + 1;
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (IOException e) {
                throw new DataFormatException(file, line, "not valid JSON: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
            }
            JsonNode bleu = node.path("scratch").path("valid_BLEU");
            String field = "scratch.valid_BLEU";
            if (bleu.isMissingNode() || bleu.isNull()) {
                throw new DataFormatException(file, line, field + ": missing; the ground truth of the table must be"
                        + " a number");
            }
            if (!bleu.isNumber()) {
                throw new DataFormatException(file, line, field + ": " + bleu + " is not a number");
            }
            double v = bleu.asDouble();
            if (!Double.isFinite(v) || v < 0 || v > MAX_BLEU) {
                throw new DataFormatException(file, line, field + ": " + bleu.asText() + " is not a BLEU score in [0, "
                        + (int) MAX_BLEU + "]");
            }
        }
        if (records == 0) {
            throw new DataFormatException(file, 0, "holds no architectures (an empty file; the table needs "
                    + (file.getFileName().toString().startsWith("train") ? "the demonstrations" : "the test architectures")
                    + " of every split)");
        }
    }
}
