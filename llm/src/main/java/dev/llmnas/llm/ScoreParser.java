package dev.llmnas.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the score an LLM meant out of its reply, or says why there is none. The reply is read as a small grammar
 * of answer shapes, in one fixed order of precedence:
 *
 * <ol>
 *   <li><b>Reasoning is not the answer.</b> Text inside {@code <think>...</think>} (also {@code <thinking>},
 *   {@code <reasoning>}) and everything before a lone closing {@code </think>} is dropped; a reasoning field the
 *   provider returns separately is never read. Reasoning that never closes leaves no answer.</li>
 *   <li><b>Wrappers are removed:</b> code fences, back-ticks, markdown emphasis and headings, surrounding
 *   quotes.</li>
 *   <li><b>A JSON object</b> with one numeric field ({@code {"BLEU": 25.31}}) gives that field; with several, the
 *   one named after the metric, {@code score}, {@code value}, {@code prediction}, {@code estimate} or
 *   {@code answer}.</li>
 *   <li><b>Numbers.</b> A decimal comma is a decimal separator when it is the only separator ({@code 25,31} is
 *   25.31); commas before a decimal point, or several comma groups of three digits, are thousands separators
 *   ({@code 1,024.5}). An uncertainty ({@code 25.3 ± 0.4}, {@code +/-}) and a note in parentheses
 *   ({@code (estimated)}) belong to the number before them. Two numbers joined as a range ({@code 25.1-26.3},
 *   {@code 24–26}, {@code 24 to 26}, {@code between 24 and 26}) or as alternatives ({@code 25.1 or 26.3},
 *   {@code 25.1, 26.3}, {@code 25.1/26.3}) are one <em>ambiguous</em> answer.</li>
 *   <li><b>Answer lines</b> win: lines that hold one number and nothing but label words around it
 *   ({@code BLEU: 25.31}, {@code 25.31 (estimated)}, {@code I estimate a BLEU of 25.31.}).</li>
 *   <li>Then <b>labelled numbers in prose</b>: numbers right after a cue ({@code estimate}, {@code predict},
 *   {@code answer}, which beat the metric name, {@code score}, {@code value}), with only joining words
 *   ({@code is}, {@code of}, {@code about}, {@code :}, {@code =}, ...) between.</li>
 *   <li>Then <b>any number</b>: a reply with exactly one number gives it ("I cannot train it, but I estimate
 *   25.31" is an answer, not a refusal).</li>
 * </ol>
 *
 * <p>At the first level that holds candidates, they must agree on one value; a range, alternatives or
 * different values reject the reply as ambiguous (it is asked again). A reply with no number is a refusal
 * (when it says so) or has no number. A value outside the task's valid range is rejected; a value inside it but
 * outside the expected range (around the demonstrations) is accepted and flagged {@link Result#unusual()}.
 *
 * <p>Immutable and thread-safe.
 */
final class ScoreParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern THINK_BLOCK = Pattern.compile("(?is)<(think|thinking|reasoning)>.*?</\\1\\s*>");
    private static final Pattern THINK_OPEN = Pattern.compile("(?i)<(think|thinking|reasoning)>");
    private static final Pattern THINK_CLOSE = Pattern.compile("(?i)</(think|thinking|reasoning)\\s*>");
    private static final Pattern FENCE_LINE = Pattern.compile("(?m)^\\s*```[A-Za-z0-9_-]*\\s*$");
    private static final Pattern HEADING = Pattern.compile("(?m)^\\s*#{1,6}\\s+");
    private static final Pattern REFUSAL = Pattern.compile("(?i)\\b(sorry|cannot|can't|can not|unable|"
            + "as an ai|not able to|impossible|not possible|i apologi[sz]e|i won't|i will not|insufficient information)\\b");
    private static final Set<String> STRONG_CUES = Set.of("estimate", "estimated", "estimation", "estimating",
            "predict", "predicted", "prediction", "answer", "final", "guess", "expect", "expected", "forecast");
    private static final Set<String> WEAK_CUES = Set.of("score", "value", "result", "accuracy", "bleu", "metric",
            "acc", "top1", "performance");
    private static final Set<String> JOINERS = Set.of("is", "of", "be", "would", "will", "should", "a", "an", "the",
            "at", "about", "around", "approximately", "approx", "roughly", "likely", "my", "i", "it", "its", "this",
            "that", "architecture", "architecture's", "model", "for", "as", "to", "say", "we", "get", "gets",
            "achieve", "achieves", "reach", "reaches", "near", "close", "probably", "here", "so", "therefore",
            "thus", "hence", "based", "on", "demonstrations", "examples", "test", "valid", "validation", "new",
            "point", "points", "percent", "pct", "score", "scores", "s", "in", "range", "then", "there");
    private static final Set<String> REASON_WORDS = Set.of("nan", "inf", "infinity");
    private static final int SHOWN_CHARS = 200;

    private final String metricName;
    private final Set<String> metricWords;
    private final PlausibleRange valid;
    private final PlausibleRange expected;

    /**
     * A parser accepting every value of {@code valid}, none flagged unusual.
     *
     * @param metricName the score's name as the prompt writes it (a cue before the number, a JSON field name)
     * @param valid      the values the task allows; replies outside are rejected
     */
    public ScoreParser(String metricName, PlausibleRange valid) {
        this(metricName, valid, valid);
    }

    /**
     * @param metricName the score's name as the prompt writes it
     * @param valid      the values the task allows (hard limit): replies outside are rejected
     * @param expected   the values expected from the demonstrations (soft): replies outside are accepted and
     *                   flagged {@link Result#unusual()}
     */
    public ScoreParser(String metricName, PlausibleRange valid, PlausibleRange expected) {
        this.metricName = Objects.requireNonNull(metricName, "metricName");
        this.valid = Objects.requireNonNull(valid, "valid");
        this.expected = Objects.requireNonNull(expected, "expected");
        Set<String> words = new java.util.HashSet<>();
        for (String w : metricName.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        this.metricWords = Set.copyOf(words);
    }

    /** The values the task allows (the hard limit). */
    public PlausibleRange range() {
        return valid;
    }

    /** The values expected from the demonstrations; values outside are kept and flagged unusual. */
    public PlausibleRange expected() {
        return expected;
    }

    /**
     * The outcome of parsing one reply: a score, or the reason there is none.
     *
     * @param score   the score ({@code NaN} on failure)
     * @param failure why there is no score, or {@code null}
     * @param unusual the score lies outside the expected range (kept, counted in summaries)
     */
    public record Result(double score, String failure, boolean unusual) {
        /** @return whether the reply gave a score ({@code failure} is {@code null}) */
        public boolean ok() {
            return failure == null;
        }

        static Result score(double s, boolean unusual) {
            return new Result(s, null, unusual);
        }

        static Result fail(String reason) {
            return new Result(Double.NaN, reason, false);
        }
    }

    /** Parses one reply (see the class comment for the rules). */
    public Result parse(String reply) {
        if (reply == null || reply.isBlank()) {
            return Result.fail("empty reply");
        }
        String t = withoutReasoning(reply);
        if (t == null) {
            return Result.fail("the reasoning never ended (no answer after <think>): '" + shorten(reply) + "'");
        }
        t = unwrap(t);
        if (t.isEmpty()) {
            return Result.fail("no answer after the reasoning: '" + shorten(reply) + "'");
        }
        Result json = fromJson(t);
        if (json != null) {
            return json;
        }
        t = t.replace("**", "").replace("__", "").replace("*", "").replace("\u200b", "");
        t = t.replaceAll("(?<![\\p{L}\\p{N}])_|_(?![\\p{L}\\p{N}])", "");
        List<Item> items = items(lex(t));
        if (items.isEmpty()) {
            String lower = t.toLowerCase(Locale.ROOT);
            for (String w : REASON_WORDS) {
                if (lower.matches("(?s).*(?<![a-z])" + w + "(?![a-z]).*") || lower.contains("∞")) {
                    return Result.fail("not a finite number: '" + shorten(reply) + "'");
                }
            }
            if (REFUSAL.matcher(t).find()) {
                return Result.fail("refusal (no number): '" + shorten(reply) + "'");
            }
            return Result.fail("no number in reply '" + shorten(reply) + "'");
        }
        List<Item> answerLines = items.stream().filter(i -> i.answerLine).toList();
        if (!answerLines.isEmpty()) {
            return decide(answerLines, "answer lines", reply);
        }
        int strongest = items.stream().mapToInt(i -> i.cue).max().orElse(0);
        if (strongest > 0) {
            return decide(items.stream().filter(i -> i.cue == strongest).toList(), "labelled numbers", reply);
        }
        if (items.size() == 1) {
            return decide(items, "number", reply);
        }
        return Result.fail("ambiguous reply with " + items.size() + " competing numbers "
                + items.stream().map(i -> i.text).toList() + ": '" + shorten(reply) + "'");
    }

    private Result decide(List<Item> candidates, String level, String reply) {
        for (Item i : candidates) {
            if (i.kind != Kind.NUMBER) {
                return Result.fail("ambiguous reply: " + (i.kind == Kind.RANGE ? "a range " : "alternatives ") + i.text
                        + " instead of one value: '" + shorten(reply) + "'");
            }
        }
        double v = candidates.get(0).value;
        for (Item i : candidates) {
            if (Double.compare(i.value, v) != 0) {
                return Result.fail("ambiguous reply: " + candidates.size() + " different " + level + " "
                        + candidates.stream().map(c -> c.text).toList() + ": '" + shorten(reply) + "'");
            }
        }
        return check(v, candidates.get(0).text);
    }

    private Result check(double v, String text) {
        if (!Double.isFinite(v)) {
            return Result.fail("not a finite number: '" + text + "'");
        }
        if (!valid.contains(v)) {
            return Result.fail(text + " is outside the valid range " + valid + " of " + metricName);
        }
        return Result.score(v, !expected.contains(v));
    }

    // ---- level 1 and 2: reasoning and wrappers ---------------------------------------------------------------

    /** The reply without its reasoning; {@code null} when reasoning opens and never closes. */
    static String withoutReasoning(String reply) {
        String t = THINK_BLOCK.matcher(reply).replaceAll(" ");
        Matcher close = THINK_CLOSE.matcher(t);
        int lastClose = -1;
        while (close.find()) {
            lastClose = close.end();
        }
        if (lastClose >= 0) {
            // Some servers strip the opening tag: the reasoning is everything before the last closing one.
            t = t.substring(lastClose);
        }
        Matcher open = THINK_OPEN.matcher(t);
        if (open.find()) {
            String before = t.substring(0, open.start());
            return before.isBlank() ? null : before;
        }
        return t;
    }

    private static String unwrap(String text) {
        String t = FENCE_LINE.matcher(text).replaceAll("\n");
        t = t.replace("```", " ").replace("`", "");
        t = HEADING.matcher(t).replaceAll("");
        t = t.strip();
        while (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'")
                || t.startsWith("“") && t.endsWith("”"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    // ---- level 3: JSON ---------------------------------------------------------------------------------------

    private Result fromJson(String t) {
        int open = t.indexOf('{');
        int close = t.lastIndexOf('}');
        if (open < 0 || close < open) {
            return null;
        }
        String outside = (t.substring(0, open) + t.substring(close + 1)).strip();
        if (!outside.isEmpty() && !outside.matches("(?i)(json)?[:.\\s]*")) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(t.substring(open, close + 1));
        } catch (Exception e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        List<Map.Entry<String, JsonNode>> numeric = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNumber() || f.getValue().isTextual() && !items(lex(f.getValue().asText())).isEmpty()) {
                numeric.add(f);
            }
        }
        if (numeric.size() > 1) {
            List<Map.Entry<String, JsonNode>> named = numeric.stream().filter(f -> isScoreField(f.getKey())).toList();
            if (named.size() != 1) {
                return Result.fail("ambiguous JSON reply: " + numeric.size() + " numeric fields "
                        + numeric.stream().map(Map.Entry::getKey).toList() + ": '" + shorten(t) + "'");
            }
            numeric = named;
        }
        if (numeric.isEmpty()) {
            return Result.fail("JSON reply without a numeric field: '" + shorten(t) + "'");
        }
        JsonNode v = numeric.get(0).getValue();
        if (v.isNumber()) {
            return check(v.asDouble(), v.asText());
        }
        return parse(v.asText());
    }

    private boolean isScoreField(String name) {
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String metric = metricName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return n.equals(metric) || n.equals("score") || n.equals("value") || n.equals("prediction")
                || n.equals("predicted" + metric) || n.equals("estimated" + metric) || n.equals("estimate")
                || n.equals("answer") || n.equals(metric + "score");
    }

    // ---- level 4: tokens and number shapes --------------------------------------------------------------------

    private enum Type { NUM, WORD, SYM, NL }

    private record Token(Type type, String text, double value) {
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                if (out.isEmpty() || out.get(out.size() - 1).type != Type.NL) {
                    out.add(new Token(Type.NL, "\n", 0));
                }
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))
                    && (i == 0 || !Character.isDigit(s.charAt(i - 1)))) {
                i = number(s, i, out);
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < n && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '\''
                        && j + 1 < n && Character.isLetter(s.charAt(j + 1)))) {
                    j++;
                }
                out.add(new Token(Type.WORD, s.substring(i, j).toLowerCase(Locale.ROOT), 0));
                i = j;
            } else if (s.startsWith("+/-", i) || s.startsWith("+-", i)) {
                out.add(new Token(Type.SYM, "±", 0));
                i += s.startsWith("+/-", i) ? 3 : 2;
            } else {
                out.add(new Token(Type.SYM, String.valueOf(c), 0));
                i++;
            }
        }
        // A sign belongs to the number when nothing that could end a value precedes it.
        List<Token> signed = new ArrayList<>(out.size());
        for (int k = 0; k < out.size(); k++) {
            Token t = out.get(k);
            boolean minus = t.type == Type.SYM && (t.text.equals("-") || t.text.equals("−"));
            if (minus && k + 1 < out.size() && out.get(k + 1).type == Type.NUM
                    && (signed.isEmpty() || signed.get(signed.size() - 1).type != Type.NUM
                    && !signed.get(signed.size() - 1).text.equals(")"))) {
                Token num = out.get(++k);
                signed.add(new Token(Type.NUM, "-" + num.text, -num.value));
            } else {
                signed.add(t);
            }
        }
        return signed;
    }

    private static final Pattern THOUSANDS_DECIMAL = Pattern.compile("\\d{1,3}(?:,\\d{3})+\\.\\d+");
    private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(?:,\\d{3}){2,}");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("\\d+,\\d+");
    private static final Pattern PLAIN = Pattern.compile("(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /** Lexes the number at {@code i}: the longest shape that fits, with the separator rules of the class comment. */
    private static int number(String s, int i, List<Token> out) {
        for (Pattern p : List.of(THOUSANDS_DECIMAL, THOUSANDS, DECIMAL_COMMA)) {
            Matcher m = p.matcher(s).region(i, s.length());
            if (m.lookingAt() && !continuesNumber(s, m.end(), p)) {
                String text = m.group();
                String normal = p == DECIMAL_COMMA ? text.replace(',', '.') : text.replace(",", "");
                out.add(new Token(Type.NUM, text, Double.parseDouble(normal)));
                return m.end();
            }
        }
        Matcher m = PLAIN.matcher(s).region(i, s.length());
        if (!m.lookingAt()) {
            out.add(new Token(Type.SYM, String.valueOf(s.charAt(i)), 0));
            return i + 1;
        }
        out.add(new Token(Type.NUM, m.group(), Double.parseDouble(m.group())));
        return m.end();
    }

    /** Whether a separator and digit follow, so that the shape just matched is only part of a longer number. */
    private static boolean continuesNumber(String s, int end, Pattern p) {
        if (end + 1 < s.length() && (s.charAt(end) == ',' || s.charAt(end) == '.')
                && Character.isDigit(s.charAt(end + 1))) {
            return true;
        }
        return p == DECIMAL_COMMA && end < s.length() && Character.isDigit(s.charAt(end));
    }

    // ---- levels 5 to 7: items and their context --------------------------------------------------------------

    private enum Kind { NUMBER, RANGE, ALTERNATIVES }

    private static final class Item {
        Kind kind;
        double value;
        String text;
        int cue;
        boolean answerLine;
    }

    private static boolean sym(List<Token> ts, int k, String... texts) {
        if (k < 0 || k >= ts.size() || ts.get(k).type == Type.NUM || ts.get(k).type == Type.NL) {
            return false;
        }
        for (String t : texts) {
            if (ts.get(k).text.equals(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean num(List<Token> ts, int k) {
        return k >= 0 && k < ts.size() && ts.get(k).type == Type.NUM;
    }

    private List<Item> items(List<Token> raw) {
        List<Token> ts = withoutNotes(raw);
        List<Item> items = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int k = 0;
        while (k < ts.size()) {
            if (!num(ts, k)) {
                k++;
                continue;
            }
            int start = k;
            Item item = new Item();
            item.kind = Kind.NUMBER;
            item.value = ts.get(k).value;
            StringBuilder text = new StringBuilder(ts.get(k).text);
            k++;
            if (sym(ts, k, "%")) {
                k++;
            }
            if (sym(ts, k, "±") && num(ts, k + 1)) {
                k += 2;
                if (sym(ts, k, "%")) {
                    k++;
                }
            } else if (sym(ts, k, "-", "–", "—", "~", "to", "−") && num(ts, k + 1)) {
                item.kind = Kind.RANGE;
                text.append(ts.get(k).text.equals("to") ? " to " : ts.get(k).text).append(ts.get(k + 1).text);
                k += 2;
            } else if (start >= 1 && sym(ts, start - 1, "between") && sym(ts, k, "and") && num(ts, k + 1)) {
                item.kind = Kind.RANGE;
                text.insert(0, "between ").append(" and ").append(ts.get(k + 1).text);
                k += 2;
            } else {
                while (sym(ts, k, "or", ",", ";", "/", "and", "|") && num(ts, k + 1)) {
                    item.kind = Kind.ALTERNATIVES;
                    text.append(ts.get(k).text.matches("[a-z]+") ? " " + ts.get(k).text + " " : ts.get(k).text + " ")
                            .append(ts.get(k + 1).text);
                    k += 2;
                    if (sym(ts, k, "%")) {
                        k++;
                    }
                }
            }
            item.text = text.toString();
            item.cue = cueBefore(ts, start);
            items.add(item);
            spans.add(new int[] {start, k});
        }
        markAnswerLines(ts, items, spans);
        return items;
    }

    /** Drops parenthesised notes without numbers ({@code (estimated)}) and the brackets around the rest. */
    private static List<Token> withoutNotes(List<Token> ts) {
        List<Token> out = new ArrayList<>(ts.size());
        int k = 0;
        while (k < ts.size()) {
            Token t = ts.get(k);
            if (t.type == Type.SYM && (t.text.equals("(") || t.text.equals("["))) {
                String closer = t.text.equals("(") ? ")" : "]";
                int j = k + 1;
                boolean hasNumber = false;
                while (j < ts.size() && !(ts.get(j).type == Type.SYM && ts.get(j).text.equals(closer))
                        && ts.get(j).type != Type.NL) {
                    hasNumber |= ts.get(j).type == Type.NUM;
                    j++;
                }
                if (j < ts.size() && ts.get(j).type == Type.SYM && !hasNumber) {
                    k = j + 1;
                    continue;
                }
                k++;
                continue;
            }
            if (t.type == Type.SYM && (t.text.equals(")") || t.text.equals("]"))) {
                k++;
                continue;
            }
            out.add(t);
            k++;
        }
        return out;
    }

    /** 2 for a strong cue (estimate, predict, answer), 1 for a weak one (metric name, score), 0 for none. */
    private int cueBefore(List<Token> ts, int start) {
        int cue = 0;
        for (int k = start - 1, seen = 0; k >= 0 && seen < 8; k--, seen++) {
            Token t = ts.get(k);
            if (t.type == Type.NUM || t.type == Type.NL) {
                break;
            }
            if (t.type == Type.SYM) {
                if (List.of(":", "=", "≈", "~", "-", ">", "→", "'", "’").contains(t.text)) {
                    continue;
                }
                break;
            }
            String w = t.text;
            if (STRONG_CUES.contains(w)) {
                cue = 2;
            } else if (WEAK_CUES.contains(w) || metricWords.contains(w)) {
                cue = Math.max(cue, 1);
            } else if (!JOINERS.contains(w)) {
                break;
            }
        }
        return cue;
    }

    /** An answer line holds one item and, besides it, only cue and joining words and punctuation. */
    private void markAnswerLines(List<Token> ts, List<Item> items, List<int[]> spans) {
        int lineStart = 0;
        for (int k = 0; k <= ts.size(); k++) {
            if (k < ts.size() && ts.get(k).type != Type.NL) {
                continue;
            }
            int lineEnd = k;
            Item only = null;
            int count = 0;
            for (int i = 0; i < items.size(); i++) {
                if (spans.get(i)[0] >= lineStart && spans.get(i)[0] < lineEnd) {
                    only = items.get(i);
                    count++;
                }
            }
            if (count == 1) {
                boolean clean = true;
                for (int j = lineStart; j < lineEnd && clean; j++) {
                    Token t = ts.get(j);
                    if (t.type == Type.WORD) {
                        clean = STRONG_CUES.contains(t.text) || WEAK_CUES.contains(t.text)
                                || metricWords.contains(t.text) || JOINERS.contains(t.text);
                    }
                }
                only.answerLine = clean;
            }
            lineStart = k + 1;
        }
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
