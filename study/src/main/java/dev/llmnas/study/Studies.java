package dev.llmnas.study;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only views of the studies in a database: progress, one study's details, and its trials for export. */
public final class Studies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Studies() {
    }

    /**
     * One study's progress.
     *
     * @param name                 the study's name
     * @param strategy             the search strategy ({@code hybrid}, {@code evolution}, {@code random})
     * @param space                the search space's name
     * @param iterationsDone       iterations whose state is stored, from 0 to {@code iterations}
     * @param iterations           the search's iterations
     * @param finished             whether the search has finished
     * @param trials               trials by state (every state present, possibly 0)
     * @param bestScore            the best score of the newest stored iteration, or {@code null} before the first
     * @param bestPredictor        the predictor that gave it, or {@code null}
     * @param bestArchitecture     its architecture's key, or {@code null}
     * @param workers              per worker name: trials it completed, failed and is running
     */
    public record Summary(String name, String strategy, String space, int iterationsDone, int iterations,
                          boolean finished, Map<TrialState, Long> trials, Double bestScore, String bestPredictor,
                          String bestArchitecture, Map<String, Map<TrialState, Long>> workers) {
    }

    /**
     * One trial as exported.
     *
     * @param id           the trial id
     * @param generation   the iteration that asked for it
     * @param predictor    the predictor's name
     * @param state        pending, running, complete or failed
     * @param score        the score, or null
     * @param attempts     times handed out
     * @param worker       the last worker that claimed it, or null
     * @param createdAt    creation time, epoch milliseconds
     * @param startedAt    last claim time, epoch milliseconds, or null
     * @param finishedAt   completion (or last failure) time, epoch milliseconds, or null
     * @param architecture the architecture's key
     * @param reasons      failure reasons, one per line, or null
     */
    @JsonPropertyOrder({"id", "generation", "predictor", "state", "score", "attempts", "worker", "createdAt",
        "startedAt", "finishedAt", "architecture", "reasons"})
    public record TrialRecord(long id, int generation, String predictor, String state, Double score, int attempts,
                              String worker, long createdAt, Long startedAt, Long finishedAt, String architecture,
                              String reasons) {
    }

    /** Export formats. */
    public enum Format {
        /** Comma-separated values with a header line. */
        CSV,
        /** One JSON array of trial objects. */
        JSON
    }

    /** @return every study's progress, oldest first */
    public static List<Summary> list(StudyDatabase db) {
        List<Summary> all = new ArrayList<>();
        for (Study.StudyRow row : Study.StudyRow.all(db)) {
            all.add(summary(db, row));
        }
        return all;
    }

    /**
     * @throws StudyException when no study has this name
     */
    public static Summary show(StudyDatabase db, String name) {
        return summary(db, Study.StudyRow.find(db, name));
    }

    private static Summary summary(StudyDatabase db, Study.StudyRow row) {
        Map<String, String> config = Study.readMap(row.configuration());
        Map<TrialState, Long> trials = new EnumMap<>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            trials.put(s, 0L);
        }
        Map<String, Map<TrialState, Long>> workers = new LinkedHashMap<>();
        Double best = null;
        String bestPredictor = null;
        String bestArchitecture = null;
        int done = 0;
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, worker, COUNT(*) FROM trial"
                    + " WHERE study_id = ? GROUP BY state, worker ORDER BY worker, state")) {
                ps.setLong(1, row.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TrialState s = TrialState.ofSql(rs.getString(1));
                        trials.merge(s, rs.getLong(3), Long::sum);
                        String w = rs.getString(2);
                        if (w != null && s != TrialState.PENDING) {
                            workers.computeIfAbsent(w, k -> new EnumMap<>(TrialState.class)).merge(s, rs.getLong(3),
                                    Long::sum);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT generation, state FROM generation"
                    + " WHERE study_id = ? ORDER BY generation DESC LIMIT 1")) {
                ps.setLong(1, row.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        done = rs.getInt(1);
                        JsonNode history = JSON.readTree(rs.getString(2)).path("history");
                        if (history.isArray() && !history.isEmpty()) {
                            JsonNode last = history.get(history.size() - 1);
                            best = last.path("bestScore").asDouble();
                            bestPredictor = last.path("predictor").asText();
                            bestArchitecture = JSON.treeToValue(last.path("best"), dev.llmnas.core.Architecture.class)
                                    .key();
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw Study.sqlFailure(db, "read study '" + row.name() + "'", e);
        } catch (IOException e) {
            throw new StudyException("study '" + row.name() + "': a stored generation is unreadable: " + e, e);
        }
        int iterations = Integer.parseInt(config.getOrDefault("iterations", "0"));
        return new Summary(row.name(), config.get("strategy"), config.getOrDefault("spaceName", config.get("space")), done, iterations,
                row.finishedAt() != null, trials, best, bestPredictor, bestArchitecture, workers);
    }

    /**
     * @return the study's trials, by id
     * @throws StudyException when no study has this name
     */
    public static List<TrialRecord> trials(StudyDatabase db, String name) {
        Study.StudyRow row = Study.StudyRow.find(db, name);
        List<TrialRecord> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, generation, predictor, state, score, attempts,"
                     + " worker, created_at, started_at, finished_at, architecture_key, reasons FROM trial"
                     + " WHERE study_id = ? ORDER BY id")) {
            ps.setLong(1, row.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TrialRecord(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            nullable(rs.getDouble(5), rs.wasNull()), rs.getInt(6), rs.getString(7), rs.getLong(8),
                            nullableLong(rs.getLong(9), rs.wasNull()), nullableLong(rs.getLong(10), rs.wasNull()),
                            rs.getString(11), rs.getString(12)));
                }
            }
        } catch (SQLException e) {
            throw Study.sqlFailure(db, "read the trials of study '" + name + "'", e);
        }
        return out;
    }

    /**
     * Writes the study's trials.
     *
     * @throws StudyException when no study has this name
     * @throws IOException    when writing fails
     */
    public static void export(StudyDatabase db, String name, Format format, Writer out) throws IOException {
        List<TrialRecord> trials = trials(db, name);
        if (format == Format.CSV) {
            CsvMapper csv = new CsvMapper();
            csv.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            CsvSchema schema = csv.schemaFor(TrialRecord.class).withHeader();
            csv.writer(schema).writeValue(out, trials);
        } else {
            JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, trials);
        }
    }

    private static Double nullable(double v, boolean wasNull) {
        return wasNull ? null : v;
    }

    private static Long nullableLong(long v, boolean wasNull) {
        return wasNull ? null : v;
    }
}
