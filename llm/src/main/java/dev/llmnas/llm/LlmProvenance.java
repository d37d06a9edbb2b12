package dev.llmnas.llm;

import dev.llmnas.core.Provenance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where an {@link LlmPerformancePredictor}'s scores come from: the provider, model and sampling settings, the
 * task and space, which parts the prompt had and which demonstrations it showed. A distilled student nests it as
 * its teacher's provenance, so a saved model says which LLM and prompt taught it.
 *
 * @param predictor         the predictor's name
 * @param provider          the provider, e.g. {@code openai}, {@code ollama}
 * @param model             the model name, e.g. {@code gpt-4o-mini}
 * @param temperature       the sampling temperature, or {@code null} for the provider's default
 * @param task              the task's id, e.g. {@code wmt14ende}
 * @param space             the search space's name
 * @param promptParts       which parts of the PP prompt were included
 * @param demonstrations    the demonstrations shown, in prompt order
 * @param samples           answers asked per architecture (their median is the score)
 * @param validRange        scores outside this range are refused
 * @param expectedRange     the range the prompt asks for
 * @param requestParameters further request parameters that were set, by name
 * @param llmnasVersion     the library version ({@link dev.llmnas.core.LlmnasVersion})
 */
public record LlmProvenance(String predictor, String provider, String model, Double temperature, String task,
                            String space, PromptParts promptParts, List<Shown> demonstrations, int samples,
                            PlausibleRange validRange, PlausibleRange expectedRange,
                            Map<String, String> requestParameters, String llmnasVersion) implements Provenance {

    /**
     * One demonstration as the prompt showed it.
     *
     * @param architecture the architecture's key
     * @param score        its score
     */
    public record Shown(String architecture, double score) {
        public Shown {
            Objects.requireNonNull(architecture, "architecture");
        }
    }

    public LlmProvenance {
        for (String[] f : new String[][] {{"predictor", predictor}, {"provider", provider}, {"model", model},
                {"task", task}, {"space", space}, {"llmnasVersion", llmnasVersion}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException(f[0] + ": '" + f[1] + "' must not be blank");
            }
        }
        Objects.requireNonNull(promptParts, "promptParts");
        demonstrations = List.copyOf(Objects.requireNonNull(demonstrations, "demonstrations"));
        if (samples < 1) {
            throw new IllegalArgumentException("samples: " + samples + " must be at least 1");
        }
        Objects.requireNonNull(validRange, "validRange");
        Objects.requireNonNull(expectedRange, "expectedRange");
        requestParameters = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(requestParameters, "requestParameters")));
    }

    /** {@code llm-pp}. */
    @Override
    public String kind() {
        return "llm-pp";
    }

    /** Every setting by snake_case name; request parameters as {@code request.<name>}. */
    @Override
    public Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("predictor", predictor);
        v.put("provider", provider);
        v.put("model", model);
        v.put("temperature", temperature == null ? "default" : temperature.toString());
        v.put("task", task);
        v.put("space", space);
        v.put("prompt_parts", promptParts.toString());
        v.put("demonstrations", String.valueOf(demonstrations.size()));
        v.put("samples", String.valueOf(samples));
        v.put("valid_range", validRange.toString());
        v.put("expected_range", expectedRange.toString());
        requestParameters.forEach((k, p) -> v.put("request." + k, p));
        v.put("llmnas_version", llmnasVersion);
        return Collections.unmodifiableMap(v);
    }

    /** The demonstrations, as {@code demonstrations}: one value per shown architecture, key to score. */
    @Override
    public Map<String, Provenance.Recorded> nested() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Shown d : demonstrations) {
            shown.put(d.architecture(), String.valueOf(d.score()));
        }
        return Map.of("demonstrations", Provenance.Recorded.of("demonstrations", shown));
    }
}
