package dev.llmnas.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes a run's checkpoint: a JSON snapshot replaced atomically after every iteration, plus a JSON
 * lines journal ({@code <checkpoint>.calls.jsonl}) that records each predictor call the moment it returns.
 * The snapshot alone restarts a run at the start of an iteration; the journal adds the calls made during the
 * interrupted iteration, so none is made twice. The journal is emptied after each snapshot.
 */
final class CheckpointStore {
    static final String FORMAT = "llmnas-search-checkpoint";
    static final int VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private final Path file;
    private final Path journalFile;
    private final Map<String, String> fingerprint;
    private BufferedWriter journal;

    /** A store for checkpoints written under {@code fingerprint} (the plan's, plus a strategy's own settings). */
    CheckpointStore(Path file, Map<String, String> fingerprint) {
        this.file = file.toAbsolutePath();
        this.journalFile = journalOf(this.file);
        this.fingerprint = fingerprint;
    }

    static Path journalOf(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + ".calls.jsonl");
    }

    /** The snapshot's JSON form. */
    record Snapshot(String format, int version, Map<String, String> settings, int nextIteration, boolean finished,
                    long[] random, List<Architecture> population, Map<String, List<Scored>> scores,
                    List<SearchResult.IterationStats> history, Map<String, Long> callsAtIterationStart,
                    long elapsedNanos) {
    }

    /** One cached score. */
    record Scored(Architecture architecture, double score) {
    }

    /** One journal line: a call as it returned. */
    record Call(String predictor, int iteration, Architecture architecture, double score) {
    }

    /** Removes a stale journal (left without its snapshot) before a fresh run. */
    void reset() {
        closeJournal();
        try {
            Files.deleteIfExists(journalFile);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new SearchException("checkpoint " + file + ": cannot remove the previous run's files: " + e, e);
        }
    }

    /** Appends one call to the journal and flushes it, so a killed process keeps it. Thread-safe. */
    synchronized void journal(String predictor, int iteration, Architecture architecture, double score) {
        try {
            if (journal == null) {
                Files.createDirectories(journalFile.toAbsolutePath().getParent());
                journal = Files.newBufferedWriter(journalFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            journal.write(JSON.writeValueAsString(new Call(predictor, iteration, architecture, score)));
            journal.write('\n');
            journal.flush();
        } catch (IOException e) {
            throw new SearchException("checkpoint journal " + journalFile + ": cannot record a call of '" + predictor
                    + "': " + e, e);
        }
    }

    private synchronized void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warn("checkpoint journal {}: closing failed: {}", journalFile, e.toString());
            }
            journal = null;
        }
    }

    /** Writes the state atomically (temporary file, then a move), then empties the journal it now contains. */
    void save(RunState state, long elapsedNanos) {
        Map<String, List<Scored>> scores = new LinkedHashMap<>();
        state.scores.forEach((name, cache) -> {
            List<Scored> list = new ArrayList<>(cache.size());
            cache.forEach((a, s) -> list.add(new Scored(a, s)));
            scores.put(name, list);
        });
        Snapshot snapshot = new Snapshot(FORMAT, VERSION, fingerprint, state.nextIteration, state.finished,
                state.random, state.population, scores, state.history, state.callsAtIterationStart, elapsedNanos);
        Path dir = file.getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                JSON.writeValue(out, snapshot);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SearchException("checkpoint " + file + ": cannot write: " + e, e);
        }
        closeJournal();
        try {
            Files.deleteIfExists(journalFile);
        } catch (IOException e) {
            // harmless: replaying calls the snapshot already holds adds nothing
            LOG.warn("checkpoint journal {}: cannot remove: {}", journalFile, e.toString());
        }
    }

    /**
     * Loads a checkpoint written by the same configuration, with the calls of its journal added.
     *
     * @throws SearchException when the file is missing, malformed, of another version, or from another
     *                         configuration (naming the first setting that differs)
     */
    /** A setting that differs between the checkpoint ({@code there}) and this run ({@code here}); null: not set. */
    private static SearchException otherConfiguration(Path file, String key, String there, String here) {
        return new SearchException("checkpoint " + file + " was written by another configuration: " + key + " is "
                + (there == null ? "not set" : "'" + there + "'") + " there but "
                + (here == null ? "not set" : "'" + here + "'") + " here; resume with the configuration that wrote"
                + " it, or delete the file to start afresh");
    }

    static RunState load(Path file, Plan plan, Map<String, String> expected) {
        Snapshot s;
        try {
            s = JSON.readValue(file.toFile(), Snapshot.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new SearchException("checkpoint " + file + ": no such file", e);
        } catch (JsonProcessingException e) {
            throw new SearchException("checkpoint " + file + ": not a valid checkpoint: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SearchException("checkpoint " + file + ": cannot read: " + e, e);
        }
        if (!FORMAT.equals(s.format()) || s.version() != VERSION) {
            throw new SearchException("checkpoint " + file + ": format '" + s.format() + "' version " + s.version()
                    + " is not supported; expected '" + FORMAT + "' version " + VERSION);
        }
        Map<String, String> found = s.settings() == null ? Map.of() : s.settings();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!Objects.equals(e.getValue(), found.get(e.getKey()))) {
                if (e.getKey().equals(Plan.SPACE_KEY)) {
                    throw new SearchException("checkpoint " + file + " was written in another search space: the"
                            + " space's definition fingerprint is " + found.get(e.getKey()) + " there but "
                            + e.getValue() + " here (space " + plan.space().name() + "; the fingerprint covers the"
                            + " dimensions, their choices in order and the metric names, see"
                            + " SearchSpace.fingerprint()); resume with the space that wrote it, or delete the file"
                            + " to start afresh");
                }
                throw otherConfiguration(file, e.getKey(), found.get(e.getKey()), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : found.entrySet()) {
            // a setting written only when it is on (e.g. levelSweep, climb) that this configuration leaves off
            if (!expected.containsKey(e.getKey())) {
                throw otherConfiguration(file, e.getKey(), e.getValue(), null);
            }
        }
        if (s.nextIteration() < 0 || s.nextIteration() > plan.iterations() || s.population() == null
                || s.random() == null || s.scores() == null || s.history() == null
                || s.history().size() != s.nextIteration()) {
            throw new SearchException("checkpoint " + file + ": inconsistent state (iteration " + s.nextIteration()
                    + ", " + (s.history() == null ? "no" : s.history().size()) + " history entries)");
        }
        RunState state = new RunState(plan);
        state.nextIteration = s.nextIteration();
        state.finished = s.finished();
        try {
            Xoshiro256.ofState(s.random());
        } catch (IllegalArgumentException e) {
            throw new SearchException("checkpoint " + file + ": " + e.getMessage(), e);
        }
        state.random = s.random().clone();
        List<Architecture> population = new ArrayList<>(s.population().size());
        for (Architecture a : s.population()) {
            population.add(canonical(plan, a, file));
        }
        state.population = population;
        s.scores().forEach((name, list) -> {
            Map<Architecture, Double> cache = state.cache(name);
            for (Scored e : list) {
                cache.put(canonical(plan, e.architecture(), file), e.score());
            }
        });
        state.history.addAll(s.history());
        state.callsAtIterationStart = s.callsAtIterationStart() == null ? Map.of()
                : new LinkedHashMap<>(s.callsAtIterationStart());
        state.elapsedNanosBefore = s.elapsedNanos();
        replayJournal(journalOf(file.toAbsolutePath()), state, plan);
        return state;
    }

    private static Architecture canonical(Plan plan, Architecture a, Path file) {
        try {
            return plan.space().canonicalize(a);
        } catch (LlmnasException e) {
            throw new SearchException("checkpoint " + file + ": architecture " + a.key() + " is not in space "
                    + plan.space().name() + ": " + e.getMessage(), e);
        }
    }

    private static void replayJournal(Path journal, RunState state, Plan plan) {
        List<String> lines;
        try {
            lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new SearchException("checkpoint journal " + journal + ": cannot read: " + e, e);
        }
        int added = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Call call;
            try {
                call = JSON.readValue(line, Call.class);
            } catch (JsonProcessingException e) {
                // a process killed while appending leaves a torn last line: that call is simply made again
                LOG.warn("checkpoint journal {}: line {} is unreadable and skipped ({})", journal, i + 1,
                        e.getOriginalMessage());
                continue;
            }
            if (!state.scores.containsKey(call.predictor()) || call.architecture() == null
                    || !Double.isFinite(call.score())) {
                LOG.warn("checkpoint journal {}: line {} (predictor '{}') does not belong to this run; skipped",
                        journal, i + 1, call.predictor());
                continue;
            }
            Architecture a;
            try {
                a = plan.space().canonicalize(call.architecture());
            } catch (LlmnasException e) {
                LOG.warn("checkpoint journal {}: line {} holds an architecture outside the space; skipped", journal,
                        i + 1);
                continue;
            }
            if (state.cache(call.predictor()).putIfAbsent(a, call.score()) == null) {
                added++;
            }
        }
        if (added > 0) {
            LOG.info("checkpoint journal {}: {} calls recovered from the interrupted iteration", journal, added);
        }
    }
}
