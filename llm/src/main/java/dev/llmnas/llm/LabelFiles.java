package dev.llmnas.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Reads LLM labels produced earlier, so that a pool labelled once (by {@link PoolLabeller}, or by the paper's
 * own scripts) can be distilled without calling an LLM again. Two formats are understood, one JSON object a
 * line, architecture in {@code scratch.arch_info} or {@code arch_info}:
 * <ul>
 *   <li>the paper's {@code generations.jsonl}: the label in {@code oai_valid_BLEU}, the model in
 *   {@code openai_model}, plus {@code seed} and {@code dataset};</li>
 *   <li>{@link PoolLabeller}'s output: the label in {@code score}, the model in {@code model}.</li>
 * </ul>
 */
public final class LabelFiles {
    /** The paper's label field. */
    public static final String PAPER_SCORE = "oai_valid_BLEU";
    /** Our label field. */
    public static final String SCORE = "score";
    /** Our model field. */
    public static final String MODEL = "model";

    private LabelFiles() {
    }

    /** Every labelled architecture of the file, in file order. */
    public static List<ScoredArchitecture> read(Path file, SearchSpace space) {
        return read(file, space, r -> true);
    }

    /**
     * The labelled architectures of the file whose record passes {@code filter} (see {@link #paperRecords}).
     *
     * @param file   a JSON lines file
     * @param space  the space its architectures belong to
     * @param filter which records to keep, given each record as read (its fields, scores and line)
     * @return the kept records' labels, in file order, each named after the record's model
     *         ({@code model}, else {@code openai_model}, else {@code unknown})
     * @throws DataFormatException naming the file and line when a record is malformed, has no label, or its
     *                             architecture is not in the space
     */
    public static List<ScoredArchitecture> read(Path file, SearchSpace space,
                                                Predicate<LabelledArchitecture> filter) {
        Objects.requireNonNull(space, "space");
        List<ScoredArchitecture> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                LabelledArchitecture r = LlmasJsonl.parseLine(file, n, line, space);
                if (!filter.test(r)) {
                    continue;
                }
                // the paper's field wins when it holds a value; an absent or null one falls back to ours
                String field = r.field(PAPER_SCORE) != null ? PAPER_SCORE : SCORE;
                Double label = r.scores().get(field);
                if (label == null) {
                    String found = r.field(field);
                    throw new DataFormatException(file, n, "no numeric label: expected '" + PAPER_SCORE + "' (the"
                            + " paper's generations.jsonl) or '" + SCORE + "', found " + (found == null ? "neither"
                            : field + " = " + found));
                }
                String model = r.field(MODEL) != null ? r.field(MODEL) : r.field("openai_model");
                out.add(new ScoredArchitecture(r.architecture(), label, model == null ? "unknown" : model,
                        r.metrics()));
            }
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * A filter for the paper's {@code generations.jsonl}, which mixes seeds, data sets and models in one file.
     *
     * @param dataset e.g. {@code wmt14ende}, or {@code null} for any
     * @param seed    e.g. 123, or {@code null} for any
     * @param model   e.g. {@code gpt-4} (field {@code openai_model}, else {@code model}), or {@code null} for any
     * @return the filter, for {@link #read(Path, SearchSpace, Predicate)}
     */
    public static Predicate<LabelledArchitecture> paperRecords(String dataset, Integer seed, String model) {
        return r -> (dataset == null || dataset.equals(r.field("dataset")))
                && (seed == null || isInteger(r.field("seed"), seed))
                && (model == null || model.equals(r.field("openai_model") != null ? r.field("openai_model")
                : r.field(MODEL)));
    }

    private static boolean isInteger(String text, int value) {
        if (text == null) {
            return false;
        }
        try {
            return Double.parseDouble(text) == value;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A record's own line with {@code score} and {@code model} added before its closing brace, so that every
     * input value (e.g. {@code 2858319528.0}) passes through exactly as written. A record that already holds
     * either field, or does not end with its closing brace, is rewritten with them replaced instead.
     *
     * @param line  one JSON object, e.g. {@link LabelledArchitecture#source()}
     * @param score the label
     * @param model the model that gave it
     * @return the labelled line, without a line end
     * @throws IllegalArgumentException when {@code line} is not a JSON object
     */
    public static String withLabel(String line, double score, String model) {
        Objects.requireNonNull(model, "model");
        JsonNode parsed;
        try {
            parsed = EXACT.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("line: not a JSON object: " + e.getMessage(), e);
        }
        if (!(parsed instanceof ObjectNode record)) {
            throw new IllegalArgumentException("line: not a JSON object: " + line);
        }
        try {
            String text = line.strip();
            if (text.endsWith("}") && !record.has(SCORE) && !record.has(MODEL)) {
                String body = text.substring(0, text.length() - 1).stripTrailing();
                String sep = body.endsWith("{") ? "" : ", ";
                return body + sep + EXACT.writeValueAsString(SCORE) + ": " + EXACT.writeValueAsString(score) + ", "
                        + EXACT.writeValueAsString(MODEL) + ": " + EXACT.writeValueAsString(model) + "}";
            }
            record.put(SCORE, score);
            record.put(MODEL, model);
            return EXACT.writeValueAsString(record);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the label: " + e.getMessage(), e);
        }
    }

    /** Keeps numbers as written (e.g. {@code 2858319528.0}) when a record has to be rewritten. */
    private static final ObjectMapper EXACT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /**
     * A predictor that answers from labels (an architecture labelled several times gets the mean), for
     * distilling labels produced elsewhere: {@code distiller.distill(LabelFiles.predictor(...), space, pool)}.
     * Architectures without a label fail with a {@link PredictionException}.
     */
    public static LabelTable predictor(List<ScoredArchitecture> labels, SearchSpace space, Direction direction,
                                       String name) {
        return new LabelTable(labels, space, direction, name);
    }

    /** Looks scores up in a table of labels; thread-safe, immutable. */
    public static final class LabelTable extends AbstractPerformancePredictor {
        private final Map<Architecture, Double> scores;
        private final SearchSpace space;
        private final Direction direction;
        private final String name;

        private LabelTable(List<ScoredArchitecture> labels, SearchSpace space, Direction direction, String name) {
            super(Objects.requireNonNull(space, "space"));
            this.space = space;
            this.direction = Objects.requireNonNull(direction, "direction");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: '" + name + "' must not be blank");
            }
            this.name = name;
            Map<Architecture, double[]> sums = new LinkedHashMap<>();
            for (ScoredArchitecture s : labels) {
                double[] acc = sums.computeIfAbsent(space.canonicalize(s.architecture()), k -> new double[2]);
                acc[0] += s.score();
                acc[1]++;
            }
            Map<Architecture, Double> m = new LinkedHashMap<>();
            sums.forEach((a, acc) -> m.put(a, acc[0] / acc[1]));
            this.scores = Collections.unmodifiableMap(m);
        }

        /** The distinct labelled architectures, in first-seen order (the pool to distill on). */
        public List<Architecture> architectures() {
            return List.copyOf(scores.keySet());
        }

        /** @return the number of distinct labelled architectures */
        public int size() {
            return scores.size();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Direction direction() {
            return direction;
        }

        @Override
        protected double doPredict(Architecture a) {
            Double s = scores.get(a);
            if (s == null) {
                throw new PredictionException(name, a, "no label for this architecture (" + scores.size()
                        + " labelled)");
            }
            return s;
        }
    }
}
