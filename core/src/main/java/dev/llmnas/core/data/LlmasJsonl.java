package dev.llmnas.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.SearchSpace;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the LLM-PP paper's JSONL records: one JSON object a line with the architecture as
 * {@code scratch.arch_info} (or a top-level {@code arch_info}), a list of {@code "name: value"} strings,
 * parsed by the search space without evaluating anything.
 *
 * <p>Every numeric leaf is kept: leaves whose name contains {@code BLEU} or is {@code score} become
 * scores named by their dotted path ({@code scratch.valid_BLEU}, {@code HAT.valid_BLEU},
 * {@code oai_valid_BLEU}); the other numeric leaves become metrics named by their own name
 * ({@code total_flops}). Every scalar field stays available as text, and the line itself as the record's
 * source. A malformed line fails the read with the file,
 * line and reason: no line is ever skipped silently. A UTF-8 byte order mark before the first line is ignored.
 * Every numeric leaf must be finite, and every {@code BLEU} score must lie in [0, 100]; others fail the read
 * as {@code file:line: field: reason}.
 */
public final class LlmasJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LlmasJsonl() {
    }

    /** Reads every record of {@code file} as an architecture of {@code space}. */
    public static List<LabelledArchitecture> read(Path file, SearchSpace space) {
        List<LabelledArchitecture> out = new ArrayList<>();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                out.add(parseLine(file, n, line, space));
            }
        } catch (IOException e) {
            throw new DataFormatException(file, 0, cannotRead(e, n), e);
        }
        return out;
    }

    /**
     * Reads every record of {@code file} and requires each to hold {@code score} as a number, and the file to
     * hold at least one record: the form of the paper's seed files ({@code seedarchs/.../train.jsonl}), whose
     * {@code scratch.valid_BLEU} is the ground truth.
     *
     * @param file  a JSON lines file
     * @param space the space its architectures belong to
     * @param score the dotted name of the score every record needs, e.g. {@code scratch.valid_BLEU}
     * @return the records in file order, at least one
     * @throws DataFormatException naming the file, and the line and field with the reason (missing, a string
     *                             such as {@code "NaN"}, not finite, outside [0, 100] for BLEU), or that the
     *                             file holds no record
     */
    public static List<LabelledArchitecture> read(Path file, SearchSpace space, String score) {
        if (score == null || score.isBlank()) {
            throw new IllegalArgumentException("score: '" + score + "' must name a score field");
        }
        List<LabelledArchitecture> out = new ArrayList<>();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank() || (n == 1 && line.equals("\uFEFF"))) {
                    continue;
                }
                Parsed p = parse(file, n, line, space);
                if (!p.record().scores().containsKey(score)) {
                    throw new DataFormatException(file, n, score + ": " + whyNoScore(p.node(), score)
                            + "; every record needs it as a number");
                }
                out.add(p.record());
            }
        } catch (IOException e) {
            throw new DataFormatException(file, 0, cannotRead(e, n), e);
        }
        if (out.isEmpty()) {
            throw new DataFormatException(file, 0, "holds no records (" + (n == 0 ? "the file is empty" : "only blank"
                    + " lines") + "); expected one JSON object a line with scratch.arch_info and " + score);
        }
        return out;
    }

    /** Why a record has no numeric score of this dotted name, in words. */
    static String whyNoScore(ObjectNode record, String score) {
        JsonNode node = at(record, score);
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isNull()) {
            return "null; expected a number";
        }
        if (node.isTextual()) {
            return "\"" + node.asText() + "\" is a string, not a number";
        }
        if (node.isNumber()) {
            return node.asText() + " is not a usable score";
        }
        return "a JSON " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", not a number";
    }

    /** The node at a dotted path ({@code scratch.valid_BLEU}), or null. */
    static JsonNode at(ObjectNode record, String dotted) {
        JsonNode direct = record.get(dotted);
        if (direct != null) {
            return direct;
        }
        JsonNode node = record;
        for (String part : dotted.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    /** Why a file could not be read, in words, and after which line when some were read. */
    static String cannotRead(IOException e, long linesRead) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "file not found";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof CharacterCodingException) {
            why = "not UTF-8 text";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return "cannot read: " + why + (linesRead > 0 ? " (after line " + linesRead + ")" : "");
    }

    /**
     * The first {@code size} architectures of the {@code .jsonl} files in {@code dir} (e.g.
     * {@link DataPaths#distillPool}), files in name order: the paper's unlabelled distillation pool.
     *
     * @throws IllegalArgumentException when the folder cannot be listed or holds fewer architectures
     */
    public static List<Architecture> readPool(Path dir, SearchSpace space, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size: " + size + " must be at least 1");
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("distillation pool: cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Architecture> pool = new ArrayList<>(size);
        for (Path file : files) {
            for (LabelledArchitecture record : read(file, space)) {
                pool.add(record.architecture());
                if (pool.size() == size) {
                    return pool;
                }
            }
        }
        throw new IllegalArgumentException("pool size: " + size + " is more than the " + pool.size()
                + " architectures in " + dir + " (" + files.size() + " .jsonl files)");
    }

    /**
     * Parses one line.
     *
     * @param file  the file it came from, for error messages only
     * @param line  its 1-based line number, for error messages only (a byte order mark is dropped on line 1)
     * @param text  the line: one JSON object
     * @param space the space its architecture belongs to
     * @return the record, its {@link LabelledArchitecture#source()} the line as given
     * @throws DataFormatException naming file, line and reason when the line is not such a record
     */
    public static LabelledArchitecture parseLine(Path file, long line, String text, SearchSpace space) {
        return parse(file, line, text, space).record();
    }

    /** A record with the JSON tree it was read from, for error messages that need the raw value. */
    private record Parsed(LabelledArchitecture record, ObjectNode node) {
    }

    private static Parsed parse(Path file, long line, String text, SearchSpace space) {
        if (line == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file, line, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode record)) {
            throw new DataFormatException(file, line, "expected a JSON object, found " + node.getNodeType());
        }
        JsonNode info = record.path("scratch").path("arch_info");
        if (info.isMissingNode()) {
            info = record.path("arch_info");
        }
        if (!info.isArray()) {
            throw new DataFormatException(file, line, "no arch_info list (looked at scratch.arch_info and arch_info)");
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode s : info) {
            if (!s.isTextual()) {
                throw new DataFormatException(file, line, "arch_info element " + s + " is not a string");
            }
            lines.add(s.asText());
        }
        Architecture arch;
        try {
            arch = space.parse(lines);
        } catch (InvalidArchitectureException e) {
            throw new DataFormatException(file, line, "architecture not in space " + space.name() + ": "
                    + e.getMessage(), e);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        collect(file, line, record, "", scores, metrics, fields);
        return new Parsed(new LabelledArchitecture(arch, scores, metrics, fields, text), record);
    }

    private static void collect(Path file, long line, JsonNode node, String path, Map<String, Double> scores,
                                Map<String, Double> metrics, Map<String, String> fields) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            String full = path.isEmpty() ? name : path + "." + name;
            if (v.isValueNode() && !v.isNull()) {
                fields.putIfAbsent(full, v.asText());
            }
            if (v.isObject()) {
                collect(file, line, v, full, scores, metrics, fields);
            } else if (v.isNumber()) {
                double d = v.asDouble();
                if (!Double.isFinite(d)) {
                    throw new DataFormatException(file, line, full + ": " + v.asText() + " is not a finite number");
                }
                if (name.contains("BLEU") && !(d >= 0 && d <= 100)) {
                    throw new DataFormatException(file, line, full + ": " + v.asText()
                            + " is outside [0, 100]; BLEU is a percentage");
                }
                if (name.contains("BLEU") || name.equals("score")) {
                    scores.put(full, d);
                } else {
                    metrics.putIfAbsent(name, v.asDouble());
                }
            }
        }
    }
}
