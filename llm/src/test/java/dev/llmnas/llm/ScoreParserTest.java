package dev.llmnas.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScoreParserTest {
    private final ScoreParser parser = new ScoreParser("BLEU", new PlausibleRange(0, 100), new PlausibleRange(15, 40));

    static Stream<ReplyCorpus.Case> corpus() {
        return ReplyCorpus.CASES.stream();
    }

    @Test
    void the_corpus_holds_at_least_forty_replies() {
        assertThat(ReplyCorpus.CASES).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void every_reply_of_the_corpus_gives_its_value_or_is_rejected(ReplyCorpus.Case c) {
        ScoreParser.Result r = parser.parse(c.reply());
        if (c.expected() == null) {
            assertThat(r.ok()).as("reply should be rejected but gave %s", r.score()).isFalse();
            assertThat(r.failure()).isNotBlank();
        } else {
            assertThat(r.failure()).isNull();
            assertThat(r.score()).isEqualTo(c.expected());
        }
    }

    @Test
    void ranges_and_alternatives_are_named_as_such_in_the_reason() {
        assertThat(parser.parse("25.1-26.3").failure()).contains("a range 25.1-26.3");
        assertThat(parser.parse("24–26").failure()).contains("a range");
        assertThat(parser.parse("25.1 or 26.3").failure()).contains("alternatives");
        assertThat(parser.parse("25.1\n26.3").failure()).contains("2 different answer lines");
    }

    @Test
    void a_value_far_from_the_demonstrations_is_kept_and_flagged_but_one_outside_the_valid_range_is_rejected() {
        ScoreParser.Result far = parser.parse("10.00");
        assertThat(far.ok()).isTrue();
        assertThat(far.score()).isEqualTo(10.0);
        assertThat(far.unusual()).isTrue();
        assertThat(parser.parse("25.31").unusual()).isFalse();
        assertThat(parser.parse("100.5").failure()).contains("outside the valid range [0, 100]");
    }

    @Test
    void a_refusal_is_a_reply_without_a_usable_answer() {
        assertThat(parser.parse("Sorry, I cannot do that.").failure()).startsWith("refusal");
        assertThat(parser.parse("Sorry, I cannot train it, but 25.31 is my guess.").score()).isEqualTo(25.31);
    }

    @Test
    void a_decimal_comma_is_never_read_as_a_prefix_of_the_number() {
        assertThat(parser.parse("25,31").score()).isEqualTo(25.31);
        assertThat(parser.parse("BLEU: 25,3").score()).isEqualTo(25.3);
        assertThat(parser.parse("1,024,000").failure()).contains("outside the valid range");
        ScoreParser open = new ScoreParser("latency", PlausibleRange.unbounded());
        assertThat(open.parse("1,024.5").score()).isEqualTo(1024.5);
        assertThat(open.parse("latency: 1,024,000 ms").score()).isEqualTo(1_024_000);
        assertThat(open.parse("1,024").score()).isEqualTo(1.024);
    }

    @Test
    void long_replies_are_shortened_in_messages() {
        String longReply = "x".repeat(500);
        assertThat(ScoreParser.shorten(longReply)).hasSize(203).endsWith("...");
        assertThat(parser.parse(longReply).failure()).hasSizeLessThan(300);
    }
}
