package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import java.util.Objects;

/**
 * A performance-prediction prompt for one architecture. The text ends where the LLM should write the score
 * (after {@code "<metric>:"}).
 *
 * @param architecture the canonical test architecture
 * @param text         the whole prompt, sent as one user message
 */
record PpPrompt(Architecture architecture, String text) {
    public PpPrompt {
        Objects.requireNonNull(architecture, "architecture");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text: the prompt must not be blank");
        }
    }
}
