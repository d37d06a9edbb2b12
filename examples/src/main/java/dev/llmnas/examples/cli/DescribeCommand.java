package dev.llmnas.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code describe}: reads architectures and writes, per architecture, one JSON line with its canonical form,
 * its efficiency metrics and its features. The whole input is checked before anything is written, so a
 * malformed line never leaves a partial output behind.
 */
@Command(name = "describe", header = "One JSON line per architecture: canonical form, efficiency metrics, features.", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = LlmnasCli.Version.class,
        description = {
            "Describe architectures: one JSON line each with the canonical architecture, its efficiency metrics"
                    + " and its features.",
            "",
            "Input (--archs):",
            "  hat-*  JSONL in the paper's format: one object a line with scratch.arch_info (or arch_info),"
                    + " a list of \"name: value\" strings.",
            "  nb201  one architecture string a line (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|), or JSON lines with"
                    + " an \"arch\" field holding such a string; blank lines and lines starting with # are"
                    + " skipped.",
            "",
            "Output fields: line (of the input), architecture, metrics (hat-*: params, embedding-params, flops,"
                    + " last-layer-flops at source/target length 30; nb201: convs, cell-params),"
                    + " features (encoding, names, values); nb201 also arch (the architecture string).",
        })
final class DescribeCommand implements Callable<Integer> {
    /** The spaces this command knows, in the order the help lists them. */
    static final List<String> SPACES = List.of("hat-wmt14ende", "hat-wmt14enfr", "hat-wmt19ende", "nb201");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--space", required = true, paramLabel = "SPACE",
            description = "search space: hat-wmt14ende, hat-wmt14enfr, hat-wmt19ende or nb201")
    String space;

    @Option(names = "--archs", required = true, paramLabel = "FILE",
            description = "the architectures to describe (see Input); relative to the working directory")
    Path archs;

    @Option(names = "--json", paramLabel = "OUT", description = "write the JSON lines to OUT instead of standard output (written whole at the end; must not be the input)")
    Path json;

    @Option(names = "--encoding", paramLabel = "NAME",
            description = "feature encoding (default: the space's default, 'means' for both; also 'per-layer')")
    String encoding;

    @Mixin
    DataOption data;

    @Override
    public Integer call() {
        SearchSpace s = space(space);
        FeatureEncoding features;
        try {
            features = encoding == null ? s.encoding() : s.encoding(encoding);
        } catch (IllegalArgumentException e) {
            throw CliErrors.option(spec, "--encoding", "encoding", e);
        }
        if (data.data != null) {
            data.resolve();     // a wrong explicit --data is an error even when this input does not need it
        }
        Path file = locate(archs);
        if (json != null) {
            OutputPaths.refuseSame(json, "--json", file, "--archs");
            OutputPaths.refuseInside(json, "--json", data.guarded());
            OutputPaths.writableFile(json, "--json");
        }
        List<Entry> entries = s == Nb201Space.space() ? readNb201(file) : readPaper(file, s);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("--archs: " + file + " holds no architectures");
        }
        List<String> lines = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            lines.add(describe(s, features, e));
        }
        if (json == null) {
            PrintWriter out = spec.commandLine().getOut();
            lines.forEach(out::println);
            out.flush();
        } else {
            try (OutputTransaction outputs = new OutputTransaction(data.guarded())) {
                Files.write(outputs.claim(json, "--json"), lines, StandardCharsets.UTF_8);
                outputs.commit();
            } catch (IOException e) {
                throw new LlmnasException("--json: cannot write " + json + ": " + OutputPaths.reason(e), e);
            }
            spec.commandLine().getErr().println("described " + lines.size()
                    + (lines.size() == 1 ? " architecture of " : " architectures of ") + s.name()
                    + " into " + json);
        }
        return 0;
    }

    /** The space for a name on the command line, or an error listing the allowed ones. */
    static SearchSpace space(String name) {
        if ("nb201".equals(name)) {
            return Nb201Space.space();
        }
        if (name != null && name.startsWith("hat-") && HatSpaces.tasks().contains(name.substring(4))) {
            return HatSpaces.forTask(name);
        }
        throw new IllegalArgumentException("--space: '" + name + "' is not one of " + SPACES);
    }

    /** The input file; a relative path resolves against the working directory, as in every command. */
    private static Path locate(Path file) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--archs: " + file + " is a directory, not a file");
        }
        throw new IllegalArgumentException("--archs: file not found: " + file + (file.isAbsolute() ? ""
                : " (relative paths resolve against the working directory " + Path.of("").toAbsolutePath() + ")"));
    }

    /** One architecture read from the input, with the line it came from. */
    private record Entry(long line, Architecture architecture) {
    }

    private static List<Entry> readPaper(Path file, SearchSpace space) {
        List<Entry> out = new ArrayList<>();
        long n = 0;
        for (String raw : readLines(file)) {
            n++;
            String line = n == 1 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
            if (!line.isBlank()) {
                out.add(new Entry(n, LlmasJsonl.parseLine(file, n, line, space).architecture()));
            }
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static List<Entry> readNb201(Path file) {
        List<Entry> out = new ArrayList<>();
        long n = 0;
        for (String raw : readLines(file)) {
            n++;
            String line = (n == 1 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String arch = line;
            if (line.startsWith("{")) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new DataFormatException(file, n, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
                }
                JsonNode field = node.get("arch");
                if (field == null || !field.isTextual()) {
                    throw new DataFormatException(file, n, "no \"arch\" string field; nb201 reads architecture"
                            + " strings like |op~0|+|op~0|op~1|+|op~0|op~1|op~2|, one a line, or JSON lines with"
                            + " an \"arch\" field");
                }
                arch = field.asText();
            }
            try {
                out.add(new Entry(n, Nb201Space.parse(arch)));
            } catch (InvalidArchitectureException e) {
                throw new DataFormatException(file, n, e.getMessage(), e);
            }
        }
        return out;
    }

    private static String describe(SearchSpace space, FeatureEncoding features, Entry e) {
        Architecture a = e.architecture();
        ObjectNode node = JSON.createObjectNode();
        node.put("line", e.line());
        node.set("architecture", JSON.valueToTree(a));
        if (space == Nb201Space.space()) {
            node.put("arch", Nb201Space.toArchString(a));
        }
        ObjectNode metrics = node.putObject("metrics");
        for (Map.Entry<String, Double> m : space.metrics(a).entrySet()) {
            putNumber(metrics, m.getKey(), m.getValue());
        }
        ObjectNode f = node.putObject("features");
        f.put("encoding", features.name());
        ArrayNode names = f.putArray("names");
        features.featureNames().forEach(names::add);
        ArrayNode values = f.putArray("values");
        for (double v : features.encode(a)) {
            values.add(v);
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException ex) {
            throw new LlmnasException("cannot write the description of " + a.key() + " as JSON", ex);
        }
    }

    /** Whole numbers (parameter and FLOP counts) print as integers, not as 2.2199936E7. */
    private static void putNumber(ObjectNode node, String name, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            node.put(name, (long) v);
        } else {
            node.put(name, v);
        }
    }
}
