package dev.llmnas.llm;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.llmnas.core.Architecture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prompt side of {@link LlmPerformancePredictor}: turns a canonical architecture into the PP prompt and the
 * {@link CallPath.Question} for each sample (cache key, request signature, optional structured answer, how many
 * asks), and reads a reply into a score through the {@link ScoreParser}. Immutable and thread-safe.
 */
final class ScoreQuestions {
    private final PromptBuilder prompts;
    private final ScoreParser parser;
    private final RequestSignature signature;
    private final ResponseFormat structured;
    private final int maxAsks;
    private final AtomicLong unusual;

    /**
     * @param prompts    renders the PP prompt
     * @param parser     reads replies (valid and expected ranges)
     * @param signature  request parameters in the cache key
     * @param structured the JSON response format to ask for, or null for text
     * @param maxAsks    replies asked per sample before giving up, at least 1
     * @param unusual    counts accepted scores outside the expected range
     */
    ScoreQuestions(PromptBuilder prompts, ScoreParser parser, RequestSignature signature, ResponseFormat structured,
                   int maxAsks, AtomicLong unusual) {
        this.prompts = prompts;
        this.parser = parser;
        this.signature = signature;
        this.structured = structured;
        this.maxAsks = maxAsks;
        this.unusual = unusual;
    }

    /** A JSON schema response format: an object with one required number named after the metric. */
    static ResponseFormat scoreFormat(String metric) {
        return ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name("score")
                        .rootElement(JsonObjectSchema.builder().addNumberProperty(metric).required(metric).build())
                        .build())
                .build();
    }

    PromptBuilder prompts() {
        return prompts;
    }

    ScoreParser parser() {
        return parser;
    }

    RequestSignature signature() {
        return signature;
    }

    /** The PP prompt of a canonical architecture. */
    PpPrompt prompt(Architecture canonical) {
        return prompts.build(canonical);
    }

    /** The question for one sample of a prompt (samples are cached apart). */
    CallPath.Question<Double> question(PpPrompt prompt, int sample) {
        Architecture a = prompt.architecture();
        String key = ResponseCache.key(signature, sample, prompt.text());
        return new CallPath.Question<>(key, a.key(), a.key(), signature, sample, prompt.text(), structured, maxAsks,
                this::read);
    }

    /** A reply read into a score, or why it holds none. */
    CallPath.Reading<Double> read(String text, String reasoning) {
        if ((text == null || text.isBlank()) && reasoning != null && !reasoning.isBlank()) {
            return CallPath.Reading.failed("only reasoning, no answer after it");
        }
        ScoreParser.Result r = parser.parse(text);
        if (!r.ok()) {
            return CallPath.Reading.failed(r.failure());
        }
        if (r.unusual()) {
            unusual.incrementAndGet();
        }
        return CallPath.Reading.of(r.score(), r.score());
    }
}
