package dev.llmnas.llm;

import java.util.List;

/**
 * Replies in the habits of real models (chatty, reasoning, markdown, JSON, hedged, ranges), each with the BLEU
 * it must give or {@code null} when it must be rejected and asked again. Shared by the parser's unit test and
 * the conformance test through the real provider clients.
 */
final class ReplyCorpus {
    private ReplyCorpus() {
    }

    /** One reply and what it must give. */
    record Case(String reply, Double expected) {
        @Override
        public String toString() {
            return reply.replace("\n", "\\n") + " -> " + (expected == null ? "rejected" : expected);
        }
    }

    static Case value(String reply, double v) {
        return new Case(reply, v);
    }

    static Case rejected(String reply) {
        return new Case(reply, null);
    }

    static final List<Case> CASES = List.of(
            // the cases
            value("25,31", 25.31),
            value("BLEU: 25,31", 25.31),
            value("<think>\nThe demonstrations range from 24.1 to 27.3 BLEU; layer 6 has 512 dims, 3 of 10 look"
                    + " similar, about 25.8 and 26.0.\n</think>\n25.31", 25.31),
            value("I cannot train this architecture, but based on the demonstrations I estimate a BLEU of 25.31.",
                    25.31),
            rejected("25.1 or 26.3"),
            rejected("25.1-26.3"),
            rejected("25.1, 26.3"),
            rejected("25.1\n26.3"),
            rejected("24–26"),
            value("25.3 ± 0.4", 25.3),
            value("25.31 (estimated)", 25.31),
            // plain and labelled
            value("25.31", 25.31),
            value("25.31\n", 25.31),
            value("BLEU: 25.31", 25.31),
            value("BLEU score: 25.31", 25.31),
            value("Estimated BLEU: 25.31", 25.31),
            value("The estimated BLEU score is 25.31.", 25.31),
            value("Predicted BLEU = 25.31", 25.31),
            value("Answer: 25.31", 25.31),
            value("≈ 25.31", 25.31),
            value("~25.31", 25.31),
            value("25.31 BLEU", 25.31),
            value("25.3 +/- 0.4", 25.3),
            value("\"25.31\"", 25.31),
            // wrappers
            value("**25.31**", 25.31),
            value("BLEU: **25.31**", 25.31),
            value("*25.31*", 25.31),
            value("`25.31`", 25.31),
            value("```\n25.31\n```", 25.31),
            value("```json\n{\"BLEU\": 25.31}\n```", 25.31),
            value("{\"score\": 25.31}", 25.31),
            value("{\"bleu\": \"25.31\"}", 25.31),
            value("{\"architecture\": \"test\", \"BLEU\": 25.31, \"layers\": 6}", 25.31),
            value("### Prediction\n25.31", 25.31),
            // reasoning
            value("<think>Compare with 26.61 and 24.5.</think>\n\n**BLEU: 25.31**", 25.31),
            value("Looking at example 3 (26.1) and 7 (24.0)...</think>\n25.31", 25.31),
            rejected("<think>The first demonstration has 26.61, the second 24.5, so maybe"),
            // prose
            value("Given 6 encoder layers and a 512-dim embedding, I predict a BLEU of 25.31.", 25.31),
            value("The demonstrations score between 24 and 27. My estimate: 25.31", 25.31),
            value("Based on similar architectures (26.1 and 24.8), the final answer is 25.31.", 25.31),
            value("The test architecture should reach 25,31 BLEU.", 25.31),
            // separators
            value("25,310", 25.31),
            rejected("BLEU: 1,024.5"), // read as 1024.5 (thousands), outside the valid range
            // ambiguous in other words
            rejected("BLEU: 25.1 or 26.3"),
            rejected("Somewhere between 25 and 26."),
            rejected("I estimate 25.1 to 26.3."),
            rejected("BLEU: 25.1\nBLEU: 26.3"),
            rejected("{\"low\": 25.1, \"high\": 26.3}"),
            rejected("25.1/26.3"),
            // no answer
            rejected(""),
            rejected("I'm sorry, I cannot predict the BLEU score of an untrained architecture."),
            rejected("NaN"),
            rejected("The BLEU would be high."),
            rejected("BLEU: 2531"),
            rejected("-3.5"));
}
