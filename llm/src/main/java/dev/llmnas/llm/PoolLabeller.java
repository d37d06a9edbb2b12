package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labels a pool of architectures (the paper's JSONL records, e.g. {@code llmas/distill-pool/111.jsonl}) with an
 * {@link LlmPerformancePredictor} and writes JSONL: each input line as written, with {@code score} (the LLM's
 * value) and {@code model} added ({@link LabelFiles#withLabel}), in input order. Records that could not be labelled are left out and reported in
 * the {@link Summary}. The pool is read and labelled in chunks, so memory stays bounded whatever its size;
 * the output appears atomically when the run ends. Resumable: the predictor's cache holds every answer, so a
 * rerun after a crash or an exhausted budget only asks for what is missing.
 */
public final class PoolLabeller {
    private static final int MAX_REPORTED = 20;

    private final LlmPerformancePredictor predictor;
    private final int chunkSize;
    private final int limit;

    private PoolLabeller(LlmPerformancePredictor predictor, int chunkSize, int limit) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.chunkSize = chunkSize;
        this.limit = limit;
    }

    /** A labeller reading chunks of 512 records, with no limit. */
    public static PoolLabeller of(LlmPerformancePredictor predictor) {
        return new PoolLabeller(predictor, 512, Integer.MAX_VALUE);
    }

    /** A copy reading at most {@code chunkSize} records at a time (default 512). */
    public PoolLabeller withChunkSize(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize: " + chunkSize + " must be at least 1");
        }
        return new PoolLabeller(predictor, chunkSize, limit);
    }

    /** A copy labelling only the first {@code limit} records (default: all). */
    public PoolLabeller withLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
        }
        return new PoolLabeller(predictor, chunkSize, limit);
    }

    /**
     * What a run did.
     *
     * @param records  records read
     * @param labelled records written with a score
     * @param failures reasons of the records left out, by input line (the first 20)
     * @param failed   number of records left out
     * @param usage    what the run spent (calls, cache hits, tokens)
     * @param out      the output file
     * @param reasons  how many records failed for each reason (the message without the predictor and
     *                 architecture), most frequent first; at most 20 distinct reasons, the rest counted under
     *                 {@value #OTHER_REASONS}
     */
    public record Summary(int records, int labelled, int failed, Map<Long, String> failures, LlmUsage usage,
                          Path out, Map<String, Integer> reasons) {
        public Summary {
            failures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures));
            reasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        }

        /** The key under which reasons beyond the 20th distinct one are counted. */
        public static final String OTHER_REASONS = "(other reasons)";
    }

    /**
     * Labels {@code pool} into {@code out}.
     *
     * @throws DataFormatException when a pool line is malformed or not in the predictor's space
     * @throws LlmnasException     when the output cannot be written or the run is interrupted
     */
    public Summary label(Path pool, Path out) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(out, "out");
        LlmUsage before = predictor.usage();
        Path parent = out.toAbsolutePath().getParent();
        Path tmp = parent.resolve(out.getFileName() + ".partial");
        int records = 0;
        int labelled = 0;
        int failed = 0;
        Map<Long, String> failures = new LinkedHashMap<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        try {
            Files.createDirectories(parent);
            try (BufferedReader in = Files.newBufferedReader(pool, StandardCharsets.UTF_8);
                 BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                List<LabelledArchitecture> chunk = new ArrayList<>(Math.min(chunkSize, 4096));
                List<Long> lines = new ArrayList<>(Math.min(chunkSize, 4096));
                List<String> texts = new ArrayList<>(Math.min(chunkSize, 4096));
                String text;
                long n = 0;
                while (records < limit && (text = in.readLine()) != null) {
                    n++;
                    if (n == 1 && text.startsWith("\uFEFF")) {
                        text = text.substring(1);
                    }
                    if (text.isBlank()) {
                        continue;
                    }
                    chunk.add(LlmasJsonl.parseLine(pool, n, text, predictor.space()));
                    lines.add(n);
                    texts.add(text.strip());
                    records++;
                    if (chunk.size() == chunkSize) {
                        int[] r = labelChunk(chunk, lines, texts, w, failures, reasons);
                        labelled += r[0];
                        failed += r[1];
                        chunk.clear();
                        lines.clear();
                        texts.clear();
                    }
                }
                if (!chunk.isEmpty()) {
                    int[] r = labelChunk(chunk, lines, texts, w, failures, reasons);
                    labelled += r[0];
                    failed += r[1];
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new LlmnasException("labelling " + pool + " into " + out + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A malformed line or an interrupted run: no half-written output is left behind (the answers so
            // far are in the cache).
            deleteQuietly(tmp);
            throw e;
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(reasons.entrySet());
        byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        Map<String, Integer> sorted = new LinkedHashMap<>();
        byCount.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Summary(records, labelled, failed, failures, predictor.usage().minus(before), out, sorted);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // already failing with a better message
        }
    }

    /**
     * Reads the records {@link #label} would label (the first {@code limit} non-blank lines of {@code pool}),
     * without labelling them or writing anything, so that a malformed or empty pool is reported before any
     * file (output, cache) is created. Streams the file: memory stays bounded.
     *
     * @return the number of records (0 for an empty pool)
     * @throws DataFormatException when a line is malformed or not in the predictor's space
     * @throws LlmnasException     when the pool cannot be read
     */
    public static int check(Path pool, dev.llmnas.core.SearchSpace space, int limit) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(space, "space");
        int records = 0;
        try (BufferedReader in = Files.newBufferedReader(pool, StandardCharsets.UTF_8)) {
            String text;
            long n = 0;
            while (records < limit && (text = in.readLine()) != null) {
                n++;
                if (!text.isBlank()) {
                    LlmasJsonl.parseLine(pool, n, text, space);
                    records++;
                }
            }
        } catch (IOException e) {
            throw new LlmnasException("cannot read pool " + pool + ": " + e.getMessage(), e);
        }
        return records;
    }

    /**
     * The reason of one architecture's failure, for grouping equal failures in a summary: the message without the
     * {@code "predictor 'x' failed on KEY: "} prefix and without how long that architecture waited.
     *
     * @param e the failure
     * @param a the architecture that failed
     * @return the reason, never null
     */
    public static String reason(RuntimeException e, Architecture a) {
        String m = String.valueOf(e.getMessage());
        if (e instanceof dev.llmnas.core.PredictionException p) {
            String marker = " failed on " + (p.architecture() != null ? p.architecture().key() : a.key()) + ": ";
            int at = m.indexOf(marker);
            if (at >= 0) {
                m = m.substring(at + marker.length());
            }
        }
        // How long one architecture waited differs between equal failures: leave it out so that they group.
        return m.replaceAll(", \\d+(\\.\\d+)? s of waiting", "");
    }

    private int[] labelChunk(List<LabelledArchitecture> chunk, List<Long> lines, List<String> texts, BufferedWriter w,
                             Map<Long, String> failures, Map<String, Integer> reasons) throws IOException {
        List<Architecture> archs = new ArrayList<>(chunk.size());
        for (LabelledArchitecture r : chunk) {
            archs.add(r.architecture());
        }
        PredictionBatch batch = predictor.tryPredictAll(archs);
        int ok = 0;
        int bad = 0;
        for (int i = 0; i < chunk.size(); i++) {
            if (!batch.succeeded(i)) {
                bad++;
                RuntimeException e = batch.failures().get(i);
                if (failures.size() < MAX_REPORTED) {
                    failures.put(lines.get(i), e.getMessage());
                }
                String reason = reason(e, archs.get(i));
                if (!reasons.containsKey(reason) && reasons.size() >= MAX_REPORTED) {
                    reason = Summary.OTHER_REASONS;
                }
                reasons.merge(reason, 1, Integer::sum);
                continue;
            }
            // the input line passes through as written, the label added before its closing brace
            w.write(LabelFiles.withLabel(texts.get(i), batch.score(i), predictor.modelName()));
            w.write('\n');
            ok++;
        }
        return new int[] {ok, bad};
    }

}
