package dev.llmnas.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a score out of an LLM's reply, robustly but strictly. Accepted: {@code 25.31}, {@code BLEU: 25.31},
 * {@code 25.31 (estimated)}, {@code The estimated BLEU is 25.31.}. Rejected, with the reason: empty replies,
 * refusals, NaN or infinite values, several competing numbers, and values outside the plausible range.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScoreParser {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern NOT_FINITE = Pattern.compile("(?i)(?<![a-z])(nan|inf|infinity|∞)(?![a-z])");
    private static final Pattern REFUSAL = Pattern.compile("(?i)\\b(sorry|cannot|can't|can not|unable|"
            + "as an ai|not able to|impossible|not possible|i apologi[sz]e|i won't|i will not|insufficient information)\\b");
    private static final int SHOWN_CHARS = 200;

    private final Pattern label;
    private final PlausibleRange range;

    /**
     * @param metricName the score's name as the prompt writes it, accepted as a label before the number
     * @param range      the accepted scores
     */
    public ScoreParser(String metricName, PlausibleRange range) {
        Objects.requireNonNull(metricName, "metricName");
        this.range = Objects.requireNonNull(range, "range");
        // An optional label in front of the number: "BLEU:", "Estimated BLEU score =", "The predicted score is"
        this.label = Pattern.compile("(?i)^(?:the\\s+)?(?:(?:estimated|predicted|expected|final)\\s+)?"
                + "(?:" + Pattern.quote(metricName) + "|score|value|answer|prediction|estimate)"
                + "(?:\\s+score)?\\s*(?:is|:|=|of)?\\s*");
    }

    public PlausibleRange range() {
        return range;
    }

    /** The outcome of parsing one reply: a score, or the reason there is none. */
    public record Result(double score, String failure) {
        public boolean ok() {
            return failure == null;
        }

        static Result score(double s) {
            return new Result(s, null);
        }

        static Result fail(String reason) {
            return new Result(Double.NaN, reason);
        }
    }

    /** Parses one reply. */
    public Result parse(String reply) {
        if (reply == null || reply.isBlank()) {
            return Result.fail("empty reply");
        }
        String t = strip(reply);
        if (t.isEmpty()) {
            return Result.fail("empty reply");
        }
        Matcher lead = label.matcher(t);
        String rest = lead.lookingAt() ? t.substring(lead.end()) : t;
        Matcher first = NUMBER.matcher(rest);
        if (first.lookingAt()) {
            return check(first.group(), rest);
        }
        if (NOT_FINITE.matcher(t).find() && !NUMBER.matcher(t).find()) {
            return Result.fail("not a finite number: '" + shorten(reply) + "'");
        }
        if (REFUSAL.matcher(t).find()) {
            return Result.fail("refusal: '" + shorten(reply) + "'");
        }
        List<String> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            numbers.add(m.group());
        }
        if (numbers.isEmpty()) {
            return Result.fail("no number in reply '" + shorten(reply) + "'");
        }
        if (numbers.size() > 1) {
            return Result.fail("ambiguous reply with " + numbers.size() + " numbers " + numbers + ": '"
                    + shorten(reply) + "'");
        }
        return check(numbers.get(0), t);
    }

    private Result check(String number, String context) {
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return Result.fail("'" + number + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            return Result.fail("not a finite number: '" + shorten(context) + "'");
        }
        if (!range.contains(v)) {
            return Result.fail(number + " is outside the plausible range " + range);
        }
        return Result.score(v);
    }

    /** Drops decoration that models like to add: code fences, quotes, bold markers, surrounding brackets. */
    private static String strip(String reply) {
        String t = reply.strip();
        t = t.replace("```", "").replace("**", "").replace("`", "");
        t = t.strip();
        while (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    /** A reply shortened for messages; LLM replies can be long. */
    public static String shorten(String reply) {
        if (reply == null) {
            return "";
        }
        String oneLine = reply.strip().replaceAll("\\s*\\R\\s*", " ");
        return oneLine.length() <= SHOWN_CHARS ? oneLine : oneLine.substring(0, SHOWN_CHARS) + "...";
    }
}
