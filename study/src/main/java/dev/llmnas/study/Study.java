package dev.llmnas.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.search.CheckpointedSearch;
import dev.llmnas.search.SearchListener;
import dev.llmnas.search.SearchProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A search kept in a database: its configuration fingerprint, the engine's whole state at the start of every
 * generation, and every trial (one expensive predictor call: architecture, predictor, state, score or failure
 * reasons, worker, attempts, timestamps, heartbeat). Any number of processes on any number of machines can share
 * one study: they {@link #ask} for trials, evaluate them and {@link #tell} (or {@link #fail}) the results.
 *
 * <p>How the search advances: the engine is deterministic from its seed, checkpoints its state after every
 * iteration and never re-scores what it scored. Advancing resumes the engine from the newest stored generation,
 * with each distributed predictor answering from the completed trials. When the engine asks for an architecture
 * without a completed trial, the study stores pending trials for every such architecture of that iteration and
 * stops; when an iteration is fully answered, its resulting state is stored as the next generation. The primary
 * key (study, generation) lets exactly one process write each generation; every process would compute the same
 * one. So a study ends with exactly the result of an uninterrupted single-process run with the same seed, however
 * many workers took part or were killed.
 *
 * <p>A failed trial (failed {@link StudyOptions#maxAttempts} times) is answered with the worst finite score of
 * its predictor's direction ({@code -Double.MAX_VALUE} when higher is better): it ranks last, deterministically,
 * and the search goes on without it. Predictors not wrapped with {@link StudyContext#distributed} run in the
 * advancing process and are stored in the generation's state, so they are never called twice either.
 *
 * <p>Heartbeat times are the clocks of the workers' machines; keep them synchronized (NTP) well within the grace.
 * Thread-safe.
 */
public final class Study {
    private static final Logger LOG = LoggerFactory.getLogger(Study.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default worker name of this process: host and process id. */
    public static final String PROCESS_WORKER = defaultWorker();

    private final StudyDatabase db;
    private final long id;
    private final String name;
    private final SearchFactory factory;
    private final StudyOptions options;
    private final Map<String, String> fingerprint;
    private final Map<String, PerformancePredictor> distributed;
    private final Object advanceLock = new Object();

    private Study(StudyDatabase db, long id, String name, SearchFactory factory, StudyOptions options,
                  Map<String, String> fingerprint, Map<String, PerformancePredictor> distributed) {
        this.db = db;
        this.id = id;
        this.name = name;
        this.factory = factory;
        this.options = options;
        this.fingerprint = fingerprint;
        this.distributed = distributed;
    }

    /**
     * Creates the study, or opens it when one of this name exists with the same configuration.
     *
     * @param db      the database
     * @param name    the study's name, 1 to 200 characters
     * @param factory builds the search (see {@link SearchFactory})
     * @param options attempts and heartbeat grace (ignored when the study exists: its own are kept)
     * @return the study
     * @throws StudyException when a study of this name exists with another configuration (both fingerprints
     *                        named), or the database fails
     */
    public static Study create(StudyDatabase db, String name, SearchFactory factory, StudyOptions options) {
        Objects.requireNonNull(options, "options");
        Probe probe = probe(db, name, factory);
        String config = json(probe.fingerprint);
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO study (name, fingerprint_sha256, configuration,"
                     + " max_attempts, grace_millis, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, sha256(config));
            ps.setString(3, config);
            ps.setInt(4, options.maxAttempts());
            ps.setLong(5, options.heartbeatGrace().toMillis());
            ps.setLong(6, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw sqlFailure(db, "create study '" + name + "'", e);
        }
        return open(db, name, factory);
    }

    /**
     * Opens an existing study.
     *
     * @throws StudyException when no study has this name (the existing ones are named), or it was created by
     *                        another configuration (the first differing setting and both fingerprints named)
     */
    public static Study open(StudyDatabase db, String name, SearchFactory factory) {
        Probe probe = probe(db, name, factory);
        StudyRow row = StudyRow.find(db, name);
        String config = json(probe.fingerprint);
        String hash = sha256(config);
        if (!hash.equals(row.fingerprint())) {
            Map<String, String> there = readMap(row.configuration());
            String first = "";
            for (Map.Entry<String, String> e : probe.fingerprint.entrySet()) {
                if (!Objects.equals(e.getValue(), there.get(e.getKey()))) {
                    // the space enters by its definition's fingerprint (SearchSpace.fingerprint), not its name
                    if (e.getKey().equals("space")) {
                        // name the spaces as people know them, then the definitions that decide
                        first = "space is " + quoted(there.get("spaceName")) + " there but "
                                + quoted(probe.fingerprint.get("spaceName")) + " here (definition fingerprint '"
                                + there.get(e.getKey()) + "' there, '" + e.getValue() + "' here); ";
                    } else {
                        first = e.getKey() + " is '" + there.get(e.getKey()) + "' there but '" + e.getValue()
                                + "' here; ";
                    }
                    break;
                }
            }
            throw new StudyException("study '" + name + "' in " + db.url() + " was created by another configuration: "
                    + first + "fingerprint " + row.fingerprint() + " there, " + hash + " here");
        }
        return new Study(db, row.id(), name, factory,
                new StudyOptions(row.maxAttempts(), Duration.ofMillis(row.graceMillis())), probe.fingerprint,
                probe.distributed);
    }

    /** {@code 'name'}, or {@code an unnamed space} for a study stored before spaces carried their name. */
    private static String quoted(String spaceName) {
        return spaceName == null ? "an unnamed space" : "'" + spaceName + "'";
    }

    private record Probe(Map<String, String> fingerprint, Map<String, PerformancePredictor> distributed) {
    }

    private static Probe probe(StudyDatabase db, String name, SearchFactory factory) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(factory, "factory");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("study name must be 1 to 200 characters, got '" + name + "'");
        }
        Map<String, PerformancePredictor> wrapped = new LinkedHashMap<>();
        StudyContext ctx = new StudyContext() {
            @Override
            public PerformancePredictor distributed(PerformancePredictor predictor) {
                wrapped.put(predictor.name(), predictor);
                return predictor;
            }

            @Override
            public Path checkpoint() {
                return Path.of(System.getProperty("java.io.tmpdir"), "llmnas-study-probe-never-written.json");
            }

            @Override
            public SearchListener listener() {
                return new SearchListener() {
                };
            }
        };
        CheckpointedSearch search = Objects.requireNonNull(factory.create(ctx), "the factory returned null");
        if (wrapped.isEmpty()) {
            throw new IllegalArgumentException("study '" + name + "': the factory distributes no predictor; wrap the"
                    + " expensive one with context.distributed(predictor)");
        }
        return new Probe(new LinkedHashMap<>(search.fingerprint()), Collections.unmodifiableMap(wrapped));
    }

    /** @return the study's name */
    public String name() {
        return name;
    }

    /** @return the database it lives in */
    public StudyDatabase database() {
        return db;
    }

    /** @return its options (as stored when it was created) */
    public StudyOptions options() {
        return options;
    }

    /** @return the search configuration's fingerprint, by setting */
    public Map<String, String> fingerprint() {
        return Collections.unmodifiableMap(fingerprint);
    }

    /**
     * @return the distributed predictors as built by this process's factory, by name: what a worker in this
     *         process evaluates trials with
     */
    public Map<String, PerformancePredictor> predictors() {
        return distributed;
    }

    // ---- ask and tell -----------------------------------------------------------------------------------

    /** {@link #ask(String)} as worker {@link #PROCESS_WORKER}. */
    public Optional<Trial> ask() {
        return ask(PROCESS_WORKER);
    }

    /**
     * Hands out the next pending trial to {@code worker}, advancing the search first when no trial is open.
     * Returns empty when the study is finished or every open trial is running elsewhere (ask again later).
     *
     * @param worker a name for the caller (shown in {@code studies} and stored on the trial), 1 to 200 characters
     * @return the claimed trial (now running, heartbeat set), or empty
     * @throws StudyException when the database fails
     */
    public Optional<Trial> ask(String worker) {
        if (worker == null || worker.isBlank() || worker.length() > 200) {
            throw new IllegalArgumentException("worker must be 1 to 200 characters, got '" + worker + "'");
        }
        for (int round = 0; round < 100; round++) {
            Optional<Trial> t = claim(worker);
            if (t.isPresent()) {
                return t;
            }
            reclaimStale();
            if (isFinished() || openTrials() > 0) {
                return claim(worker);
            }
            // one advancing thread per process: the others wait here, then find the trials it stored
            synchronized (advanceLock) {
                if (isFinished()) {
                    return Optional.empty();
                }
                if (openTrials() == 0 && advance().isPresent()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Trial> claim(String worker) {
        String select = "SELECT id, generation, predictor, architecture, attempts FROM trial WHERE study_id = ?"
                + " AND state = 'pending' ORDER BY id LIMIT 1"
                + (db.dialect() == StudyDatabase.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "");
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Trial trial = null;
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            trial = new Trial(rs.getLong(1), rs.getInt(2), rs.getString(3),
                                    readArchitecture(rs.getString(4)), rs.getInt(5) + 1);
                        }
                    }
                }
                if (trial != null) {
                    long now = System.currentTimeMillis();
                    try (PreparedStatement ps = c.prepareStatement("UPDATE trial SET state = 'running', worker = ?,"
                            + " attempts = attempts + 1, started_at = ?, heartbeat_at = ? WHERE id = ?"
                            + " AND state = 'pending'")) {
                        ps.setString(1, worker);
                        ps.setLong(2, now);
                        ps.setLong(3, now);
                        ps.setLong(4, trial.id());
                        if (ps.executeUpdate() != 1) {
                            trial = null;
                        }
                    }
                }
                c.commit();
                return Optional.ofNullable(trial);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw sqlFailure(db, "claim a trial of study '" + name + "'", e);
        }
    }

    /**
     * Records a trial's score. The first result of a trial wins; a late result of a trial already complete or
     * failed (from a worker presumed dead) is ignored.
     *
     * @param trialId the trial's id
     * @param score   the predictor's score, finite
     * @return whether this call recorded the score
     * @throws IllegalArgumentException when the score is not finite
     * @throws StudyException           when the trial does not exist in this study or the database fails
     */
    public boolean tell(long trialId, double score) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score + " for trial " + trialId);
        }
        long now = System.currentTimeMillis();
        int n = update("tell trial " + trialId, "UPDATE trial SET state = 'complete', score = ?, finished_at = ?,"
                + " heartbeat_at = ? WHERE id = ? AND study_id = ? AND state IN ('pending', 'running')",
                score, now, now, trialId, id);
        if (n == 0) {
            requireTrial(trialId);
            LOG.info("study '{}': trial {} was already recorded; this result is ignored", name, trialId);
        }
        return n == 1;
    }

    /**
     * Records a failed attempt of a trial: it returns to pending, or is marked failed for good once it failed
     * {@link StudyOptions#maxAttempts} times. Every reason is kept.
     *
     * @param trialId the trial's id
     * @param reason  why it failed, one line
     * @return the trial's state after this call
     * @throws StudyException when the trial does not exist in this study or the database fails
     */
    public TrialState fail(long trialId, String reason) {
        String line = (reason == null || reason.isBlank() ? "failed" : reason.replace('\n', ' '));
        long now = System.currentTimeMillis();
        int n = update("fail trial " + trialId, "UPDATE trial SET state = CASE WHEN attempts >= ? THEN 'failed'"
                        + " ELSE 'pending' END, reasons = CASE WHEN reasons IS NULL THEN ? ELSE reasons || ? END,"
                        + " finished_at = ? WHERE id = ? AND study_id = ? AND state = 'running'",
                options.maxAttempts(), line, "\n" + line, now, trialId, id);
        if (n == 0) {
            requireTrial(trialId);
        }
        return trialState(trialId);
    }

    /**
     * Tells the study that {@code worker} is still evaluating the trial.
     *
     * @return whether the trial is still running for this worker (false: it was given up on; stop working on it)
     */
    public boolean heartbeat(long trialId, String worker) {
        return update("heartbeat trial " + trialId, "UPDATE trial SET heartbeat_at = ? WHERE id = ? AND study_id = ?"
                + " AND state = 'running' AND worker = ?", System.currentTimeMillis(), trialId, id, worker) == 1;
    }

    /**
     * Returns running trials whose worker stopped heartbeating for the grace period to pending, or marks them
     * failed when they used up their attempts.
     *
     * @return how many trials were taken back
     */
    public int reclaimStale() {
        long limit = System.currentTimeMillis() - options.heartbeatGrace().toMillis();
        String reason = "worker stopped heartbeating for " + options.heartbeatGrace().toSeconds() + " s";
        return update("reclaim stale trials", "UPDATE trial SET state = CASE WHEN attempts >= ? THEN 'failed'"
                        + " ELSE 'pending' END, reasons = CASE WHEN reasons IS NULL THEN ? ELSE reasons || ? END"
                        + " WHERE study_id = ? AND state = 'running' AND heartbeat_at < ?",
                options.maxAttempts(), reason, "\n" + reason, id, limit);
    }

    /** @return whether the search has finished (its last generation is stored) */
    public boolean isFinished() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT finished_at FROM study WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rs.getLong(1);
                return !rs.wasNull();
            }
        } catch (SQLException e) {
            throw sqlFailure(db, "read study '" + name + "'", e);
        }
    }

    /** @return how many trials are pending or running */
    public int openTrials() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM trial WHERE study_id = ?"
                     + " AND state IN ('pending', 'running')")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw sqlFailure(db, "count the open trials of study '" + name + "'", e);
        }
    }

    /** @return the trial's state */
    public TrialState trialState(long trialId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT state FROM trial WHERE id = ? AND study_id = ?")) {
            ps.setLong(1, trialId);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StudyException("study '" + name + "' has no trial " + trialId);
                }
                return TrialState.ofSql(rs.getString(1));
            }
        } catch (SQLException e) {
            throw sqlFailure(db, "read trial " + trialId, e);
        }
    }

    private void requireTrial(long trialId) {
        trialState(trialId);
    }

    // ---- advancing --------------------------------------------------------------------------------------

    /**
     * Advances the search as far as the completed trials allow: stores every generation they complete and the
     * pending trials of the first one they do not. Safe to call from any number of processes at once.
     *
     * @return the search's result once it has finished, else empty
     * @throws StudyException when the database fails, or the stored state no longer fits this configuration
     */
    public Optional<SearchResult> advance() {
        Path dir;
        try {
            dir = Files.createTempDirectory("llmnas-study-");
        } catch (IOException e) {
            throw new StudyException("study '" + name + "': cannot create a temporary folder: " + e, e);
        }
        try {
            Path checkpoint = dir.resolve("checkpoint.json");
            Generation latest = latestGeneration();
            if (latest != null) {
                Files.writeString(checkpoint, latest.state(), StandardCharsets.UTF_8);
            }
            Advance run = new Advance(checkpoint, latest == null ? -1 : latest.number(), loadAnswers());
            CheckpointedSearch search = factory.create(run);
            try {
                SearchResult result = latest == null ? search.run() : search.resume(checkpoint);
                return Optional.of(result);
            } catch (Stop stop) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * The search's result, once finished.
     *
     * @return the result (identical to an uninterrupted single-process run, wall time aside), or empty while the
     *         search is still running
     */
    public Optional<SearchResult> result() {
        return isFinished() ? advance() : Optional.empty();
    }

    /**
     * Runs the whole study in this process: claims, evaluates (with {@link #predictors()}) and records trials
     * until the search has finished. Other workers may take part at the same time.
     *
     * @return the search's result
     */
    public SearchResult optimize() {
        new Worker(this, PROCESS_WORKER, distributed, Duration.ofMillis(200)).run();
        return result().orElseThrow(() -> new StudyException("study '" + name + "': finished without a result"));
    }

    /** Stops an advance at an iteration boundary (nothing is lost: the state before it is stored). */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private record Generation(int number, String state) {
    }

    private Generation latestGeneration() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT generation, state FROM generation WHERE study_id = ?"
                     + " ORDER BY generation DESC LIMIT 1")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Generation(rs.getInt(1), rs.getString(2)) : null;
            }
        } catch (SQLException e) {
            throw sqlFailure(db, "read the generations of study '" + name + "'", e);
        }
    }

    /** Completed and failed trials: predictor name to architecture key to score (failed: null). */
    private Map<String, Map<String, Double>> loadAnswers() {
        Map<String, Map<String, Double>> answers = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT predictor, architecture_key, state, score FROM trial"
                     + " WHERE study_id = ? AND state IN ('complete', 'failed')")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double score = rs.getDouble(4);
                    boolean failed = "failed".equals(rs.getString(3));
                    answers.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), failed ? null : score);
                }
            }
        } catch (SQLException e) {
            throw sqlFailure(db, "read the trials of study '" + name + "'", e);
        }
        return answers;
    }

    /** One advance: the context given to the factory, the distributed predictors' answers, the listener. */
    private final class Advance implements StudyContext, SearchListener {
        private final Path checkpoint;
        private final int storedGeneration;
        private final Map<String, Map<String, Double>> answers;
        private final Map<String, Map<String, Architecture>> misses = new LinkedHashMap<>();

        Advance(Path checkpoint, int storedGeneration, Map<String, Map<String, Double>> answers) {
            this.checkpoint = checkpoint;
            this.storedGeneration = storedGeneration;
            this.answers = answers;
        }

        @Override
        public PerformancePredictor distributed(PerformancePredictor predictor) {
            return new AbstractPerformancePredictor() {
                @Override
                public String name() {
                    return predictor.name();
                }

                @Override
                public Direction direction() {
                    return predictor.direction();
                }

                @Override
                protected double doPredict(Architecture architecture) {
                    return answer(predictor, architecture);
                }
            };
        }

        private synchronized double answer(PerformancePredictor predictor, Architecture a) {
            Map<String, Double> known = answers.getOrDefault(predictor.name(), Map.of());
            String key = a.key();
            if (known.containsKey(key)) {
                Double s = known.get(key);
                return s != null ? s : worstFinite(predictor.direction());
            }
            misses.computeIfAbsent(predictor.name(), k -> new LinkedHashMap<>()).put(key, a);
            // a placeholder: this iteration's state is never stored (the advance stops at its end)
            return worstFinite(predictor.direction());
        }

        @Override
        public Path checkpoint() {
            return checkpoint;
        }

        @Override
        public SearchListener listener() {
            return this;
        }

        @Override
        public void searchStarted(String strategy, int iterations, int firstIteration) {
            if (storedGeneration < 0) {
                storeGeneration(0, false);
            }
        }

        @Override
        public void iterationFinished(SearchProgress progress) {
            if (!misses.isEmpty()) {
                storePending(progress.iteration());
                throw new Stop();
            }
            int next = progress.iteration() + 1;
            if (next > storedGeneration) {
                storeGeneration(next, next == progress.iterations());
            }
        }

        @Override
        public void searchFinished(SearchResult result) {
            update("mark study '" + name + "' finished", "UPDATE study SET finished_at = ? WHERE id = ?"
                    + " AND finished_at IS NULL", System.currentTimeMillis(), id);
        }

        private void storeGeneration(int generation, boolean finished) {
            String state;
            try {
                state = Files.readString(checkpoint, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StudyException("study '" + name + "': the search wrote no checkpoint at " + checkpoint
                        + "; the factory must build it with .checkpoint(context.checkpoint())", e);
            }
            int n = update("store generation " + generation, "INSERT INTO generation (study_id, generation, finished,"
                    + " state, written_by, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (study_id, generation)"
                    + " DO NOTHING", id, generation, finished ? 1 : 0, state, PROCESS_WORKER,
                    System.currentTimeMillis());
            if (n == 0) {
                // another process stored it first (the same state: runs are deterministic); continue from theirs
                throw new Stop();
            }
            LOG.debug("study '{}': generation {} stored", name, generation);
        }

        private void storePending(int generation) {
            long now = System.currentTimeMillis();
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO trial (study_id, generation, predictor,"
                        + " architecture_key, architecture, state, attempts, created_at) VALUES (?, ?, ?, ?, ?,"
                        + " 'pending', 0, ?) ON CONFLICT (study_id, predictor, architecture_key) DO NOTHING")) {
                    for (Map.Entry<String, Map<String, Architecture>> p : misses.entrySet()) {
                        for (Map.Entry<String, Architecture> a : p.getValue().entrySet()) {
                            ps.setLong(1, id);
                            ps.setInt(2, generation);
                            ps.setString(3, p.getKey());
                            ps.setString(4, a.getKey());
                            ps.setString(5, json(a.getValue()));
                            ps.setLong(6, now);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw sqlFailure(db, "store the pending trials of study '" + name + "'", e);
            }
        }
    }

    static double worstFinite(Direction direction) {
        return direction.worst() > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    private int update(String what, String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw sqlFailure(db, what + " (study '" + name + "')", e);
        }
    }

    static StudyException sqlFailure(StudyDatabase db, String what, SQLException e) {
        return new StudyException("database " + db.url() + ": cannot " + what + ": "
                + StudyDatabase.rootMessage(e, null), e);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StudyException("cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Architecture readArchitecture(String json) {
        try {
            return JSON.readValue(json, Architecture.class);
        } catch (JsonProcessingException e) {
            throw new StudyException("a stored architecture is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> readMap(String json) {
        try {
            return JSON.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new StudyException("a stored configuration is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", dir, e.toString());
        }
    }

    private static String defaultWorker() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    @Override
    public String toString() {
        return "Study[" + name + " in " + db.url() + "]";
    }

    /** The stored row of a study. */
    record StudyRow(long id, String name, String fingerprint, String configuration, int maxAttempts,
                    long graceMillis, long createdAt, Long finishedAt, String recipe) {
        static StudyRow find(StudyDatabase db, String name) {
            for (StudyRow r : all(db)) {
                if (r.name().equals(name)) {
                    return r;
                }
            }
            List<String> names = all(db).stream().map(StudyRow::name).toList();
            throw new StudyException("study '" + name + "' does not exist in " + db.url() + "; "
                    + (names.isEmpty() ? "it holds no study" : "it holds " + names));
        }

        static List<StudyRow> all(StudyDatabase db) {
            List<StudyRow> rows = new ArrayList<>();
            try (Connection c = db.connection();
                 PreparedStatement ps = c.prepareStatement("SELECT id, name, fingerprint_sha256, configuration,"
                         + " max_attempts, grace_millis, created_at, finished_at, recipe FROM study ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long finished = rs.getLong(8);
                    Long f = rs.wasNull() ? null : finished;
                    rows.add(new StudyRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getLong(6), rs.getLong(7), f, rs.getString(9)));
                }
            } catch (SQLException e) {
                throw sqlFailure(db, "list the studies", e);
            }
            return rows;
        }
    }

}
