package dev.llmnas.examples.cli;

import dev.llmnas.core.LlmnasVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** The head every {@code --json} result of a benchmark command starts with. */
final class JsonDocument {
    private JsonDocument() {
    }

    /**
     * A new document {@code {llmnas_version, command, settings}} to which the command adds its results (e.g.
     * {@code methods}), in insertion order.
     *
     * @param command  the command's name, e.g. {@code pareto-benchmark}
     * @param settings every option that affects the numbers, in snake case
     */
    static Map<String, Object> of(String command, Map<String, Object> settings) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("llmnas_version", LlmnasVersion.get());
        doc.put("command", command);
        doc.put("settings", settings);
        return doc;
    }
}
