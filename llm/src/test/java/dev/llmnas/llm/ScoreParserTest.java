package dev.llmnas.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScoreParserTest {
    private final ScoreParser parser = new ScoreParser("BLEU", new PlausibleRange(0, 100));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "25.31|25.31",
        "BLEU: 25.31|25.31",
        "bleu = 25.31|25.31",
        "25.31 (estimated)|25.31",
        "**25.31**|25.31",
        "`25.31`|25.31",
        "Estimated BLEU score: 25.31|25.31",
        "The predicted BLEU is 25.31.|25.31",
        "The test architecture would reach about 26 BLEU.|26",
        "score: 2.531e1|25.31",
        "27|27"
    })
    void accepts_a_score_in_the_forms_models_write(String reply, double expected) {
        ScoreParser.Result r = parser.parse(reply);
        assertThat(r.ok()).as(r.failure()).isTrue();
        assertThat(r.score()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty reply",
        "'   '|empty reply",
        "I'm sorry, I cannot predict that.|refusal",
        "As an AI I am unable to estimate BLEU.|refusal",
        "NaN|not a finite number",
        "BLEU: Infinity|not a finite number",
        "1e999|not a finite number",
        "It depends on the training.|no number",
        "Between the 3rd and the 7th example, around 25|ambiguous",
        "2531|outside the plausible range",
        "-4|outside the plausible range"
    })
    void rejects_replies_without_a_usable_score_and_says_why(String reply, String reason) {
        ScoreParser.Result r = parser.parse(reply);
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).contains(reason);
        assertThat(r.score()).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {"accuracy: 93.5", "93.5%", "93.5 (top-1 accuracy)"})
    void works_for_other_metrics(String reply) {
        ScoreParser p = new ScoreParser("accuracy", new PlausibleRange(0, 100));
        assertThat(p.parse(reply).score()).isEqualTo(93.5);
    }

    @org.junit.jupiter.api.Test
    void surrounding_whitespace_and_line_breaks_are_ignored() {
        assertThat(parser.parse("\n  25.31  \n").score()).isEqualTo(25.31);
        assertThat(parser.parse("BLEU:\n25.31").score()).isEqualTo(25.31);
    }

    @org.junit.jupiter.api.Test
    void long_replies_are_shortened_in_messages() {
        String reply = "x".repeat(1000);
        assertThat(ScoreParser.shorten(reply)).hasSize(203).endsWith("...");
        assertThat(parser.parse(reply).failure()).hasSizeLessThan(260);
    }

    @Test
    void plausible_range_bounds_print_with_at_most_two_decimals() {
        assertThat(new PlausibleRange(34.87333333333336, 100.0)).hasToString("[34.87, 100]");
        assertThat(new PlausibleRange(-0.5, 1e9)).hasToString("[-0.5, 1000000000]");
        assertThat(PlausibleRange.unbounded()).hasToString("[-Infinity, Infinity]");
        assertThat(new ScoreParser("BLEU", new PlausibleRange(34.87333333333336, 100.0)).parse("2531").failure())
                .contains("outside the plausible range [34.87, 100]");
    }
}
