package dev.llmnas.study;

import dev.llmnas.llm.AnswerStore;
import dev.llmnas.llm.ResponseCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * LLM answers kept in the study database (table {@code llm_answer}, SQLite or PostgreSQL), so labelling
 * processes on many machines share one cache: an answer paid for by one process is found by all others. Use it
 * through {@link ResponseCache#over(AnswerStore)}:
 *
 * <pre>{@code
 * try (ResponseCache cache = ResponseCache.over(DatabaseAnswerStore.open(url, user, password))) {
 *     LlmPerformancePredictor llm = LlmPerformancePredictor.builder()...cache(cache).build();
 * }
 * }</pre>
 *
 * <p>Safe for concurrent writers, in one process or many: the cache key is the table's primary key, an answer
 * is inserted with {@code ON CONFLICT DO NOTHING} and the stored one read back, so exactly one answer per key is
 * kept (the first committed). Every answer is committed before {@link #putIfAbsent} returns. Only what
 * {@link ResponseCache} hands over is stored: the key (a SHA-256 of the request), the redacted and bounded reply,
 * its score and token counts; never a prompt, an API key or the database password. Thread-safe.
 *
 * <p>Needs {@code llmnas-llm} on the class path (an optional dependency of this module).
 */
public final class DatabaseAnswerStore implements AnswerStore {
    private static final String COLUMNS = "cache_key, provider, model, temperature, sample, architecture, reply,"
            + " score, input_tokens, output_tokens";

    private final StudyDatabase database;
    private final boolean ownsDatabase;

    private DatabaseAnswerStore(StudyDatabase database, boolean ownsDatabase) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
    }

    /**
     * A store in an open study database, which the caller keeps and closes ({@link #close} leaves it open).
     *
     * @param database an open study database (its schema holds the answer table from version 2 on)
     * @return the store
     * @throws NullPointerException when {@code database} is {@code null}
     */
    public static DatabaseAnswerStore in(StudyDatabase database) {
        return new DatabaseAnswerStore(Objects.requireNonNull(database, "database"), false);
    }

    /**
     * Opens (creating a SQLite file or the schema when missing) the study database at {@code url} and a store in
     * it; {@link #close} closes that database.
     *
     * @param url      {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host:port/database}
     * @param user     the PostgreSQL user, or {@code null}
     * @param password the password, or {@code null}; never appears in a message and is never stored
     * @return the store
     * @throws StudyException as {@link StudyDatabase#open}: a URL of another kind, an unreachable server, refused
     *                        credentials, a schema that cannot be migrated
     */
    public static DatabaseAnswerStore open(String url, String user, String password) {
        return new DatabaseAnswerStore(StudyDatabase.open(url, user, password, true), true);
    }

    @Override
    public Optional<ResponseCache.Entry> get(String key) {
        Objects.requireNonNull(key, "key");
        try (Connection c = database.connection()) {
            return read(c, key);
        } catch (SQLException e) {
            throw failed("read answer " + key, e);
        }
    }

    @Override
    public ResponseCache.Entry putIfAbsent(ResponseCache.Entry entry) {
        Objects.requireNonNull(entry, "entry");
        String sql = "INSERT INTO llm_answer (" + COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (cache_key) DO NOTHING";
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, entry.key());
                s.setString(2, entry.provider());
                s.setString(3, entry.model());
                setDouble(s, 4, entry.temperature());
                s.setInt(5, entry.sample());
                s.setString(6, entry.architecture());
                s.setString(7, entry.reply());
                setDouble(s, 8, entry.score());
                s.setLong(9, entry.inputTokens());
                s.setLong(10, entry.outputTokens());
                s.setLong(11, System.currentTimeMillis());
                s.executeUpdate();
            }
            return read(c, entry.key()).orElseThrow(() -> new StudyException("database " + database.url()
                    + ": answer " + entry.key() + " was stored but cannot be read back"));
        } catch (SQLException e) {
            throw failed("store answer " + entry.key(), e);
        }
    }

    @Override
    public Set<ResponseCache.ModelId> models() {
        String sql = "SELECT provider, model, temperature, MIN(created_at) AS first FROM llm_answer"
                + " GROUP BY provider, model, temperature ORDER BY first, provider, model";
        Set<ResponseCache.ModelId> ids = new LinkedHashSet<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ids.add(new ResponseCache.ModelId(r.getString(1), r.getString(2), getDouble(r, 3)));
            }
        } catch (SQLException e) {
            throw failed("list answer models", e);
        }
        return Collections.unmodifiableSet(ids);
    }

    @Override
    public int size() {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM llm_answer"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw failed("count answers", e);
        }
    }

    /** Closes the database when this store opened it ({@link #open}); otherwise does nothing. */
    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    private static Optional<ResponseCache.Entry> read(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM llm_answer WHERE cache_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ResponseCache.Entry(r.getString(1), r.getString(2), r.getString(3),
                        getDouble(r, 4), r.getInt(5), r.getString(6), r.getString(7), getDouble(r, 8),
                        r.getLong(9), r.getLong(10)));
            }
        }
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    private static Double getDouble(ResultSet r, int index) throws SQLException {
        double v = r.getDouble(index);
        return r.wasNull() ? null : v;
    }

    private StudyException failed(String what, SQLException e) {
        return new StudyException("database " + database.url() + ": cannot " + what + ": "
                + StudyDatabase.rootMessage(e, null), e);
    }

    @Override
    public String toString() {
        return "DatabaseAnswerStore[" + database.url() + "]";
    }
}
