package dev.llmnas.study;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A pooled connection (HikariCP) to the database that keeps studies, with its schema migrated by Flyway on
 * open. Two databases are supported: an embedded SQLite file (the default: {@code jdbc:sqlite:/path/studies.db},
 * no server) and PostgreSQL ({@code jdbc:postgresql://host:5432/db}) for workers on many machines. Thread-safe;
 * close it when done.
 *
 * <p>Connecting fails fast (one attempt, a few seconds) with a {@link StudyException} whose message names the
 * URL and the cause, never the password.
 */
public final class StudyDatabase implements AutoCloseable {
    /** The database products a study can live in. */
    public enum Dialect {
        /** An embedded SQLite file: claims are serialized by {@code BEGIN IMMEDIATE} transactions. */
        SQLITE,
        /** A PostgreSQL server: claims use {@code SELECT ... FOR UPDATE SKIP LOCKED}. */
        POSTGRESQL
    }

    private final String url;
    private final Dialect dialect;
    private final HikariDataSource pool;

    private StudyDatabase(String url, Dialect dialect, HikariDataSource pool) {
        this.url = url;
        this.dialect = dialect;
        this.pool = pool;
    }

    /**
     * Opens (and migrates) the database at {@code url}.
     *
     * @param url      {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host:port/database}
     * @param user     the user for PostgreSQL, or {@code null} (ignored by SQLite)
     * @param password the password, or {@code null}; never appears in a message
     * @param create   whether a missing SQLite file may be created and an empty database given the schema; when
     *                 {@code false} a missing file or a database without the study schema is refused and nothing
     *                 is written (an older study schema is still migrated)
     * @return the open database
     * @throws StudyException when the URL is of another kind, the file is missing, the server cannot be reached,
     *                        the credentials are refused, or the schema cannot be migrated
     */
    public static StudyDatabase open(String url, String user, String password, boolean create) {
        if (url == null || url.isBlank()) {
            throw new StudyException("database URL is empty; use jdbc:sqlite:<file> or"
                    + " jdbc:postgresql://host:port/database");
        }
        Dialect dialect;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("llmnas-study");
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        if (url.startsWith("jdbc:sqlite:")) {
            dialect = Dialect.SQLITE;
            String file = url.substring("jdbc:sqlite:".length());
            int query = file.indexOf('?');
            if (query >= 0) {
                file = file.substring(0, query);
            }
            if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file::memory:")) {
                throw new StudyException("database " + url + ": an in-memory SQLite database cannot be shared; give a"
                        + " file, e.g. jdbc:sqlite:studies.db");
            }
            Path path = Path.of(file);
            if (!create && !Files.exists(path)) {
                throw new StudyException("database " + url + ": no such file " + path.toAbsolutePath()
                        + "; create the study first (it creates the file) or correct the path");
            }
            if (path.toAbsolutePath().getParent() != null && !Files.isDirectory(path.toAbsolutePath().getParent())) {
                throw new StudyException("database " + url + ": folder " + path.toAbsolutePath().getParent()
                        + " does not exist");
            }
            config.setDriverClassName("org.sqlite.JDBC");
            // one writer at a time across processes: transactions take the write lock when they begin, and a
            // busy database is waited for rather than refused
            config.addDataSourceProperty("journal_mode", "WAL");
            // WAL with synchronous=NORMAL: a commit survives the crash or kill of any process; only a power cut
            // may drop the last commits (the database stays consistent; those trials are simply evaluated again)
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "60000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("foreign_keys", "true");
            config.setMaximumPoolSize(4);
        } else if (url.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRESQL;
            config.setDriverClassName("org.postgresql.Driver");
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.addDataSourceProperty("connectTimeout", "10");
            config.setMaximumPoolSize(8);
        } else {
            throw new StudyException("database URL '" + url + "' is not supported; use jdbc:sqlite:<file> or"
                    + " jdbc:postgresql://host:port/database");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StudyException("database " + url + ": cannot connect: " + rootMessage(e, password), e);
        }
        try {
            Flyway flyway = Flyway.configure(StudyDatabase.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/study/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
                    .table("llmnas_schema_history")
                    .load();
            if (!create && flyway.info().current() == null) {
                // reading commands never write into a database that holds no studies
                pool.close();
                throw new StudyException("database " + url + " holds no studies (no study schema); create a study"
                        + " first or correct the URL");
            }
            flyway.migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StudyException("database " + url + ": cannot migrate the study schema: "
                    + rootMessage(e, password), e);
        }
        return new StudyDatabase(url, dialect, pool);
    }

    /** @return the JDBC URL this database was opened with */
    public String url() {
        return url;
    }

    /** @return the database product */
    public Dialect dialect() {
        return dialect;
    }

    /** @return the connection pool */
    DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The innermost cause's message, on one line, with the password (if any) masked. */
    static String rootMessage(Throwable e, String password) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replace('\n', ' ').replace('\r', ' ').trim();
        if (password != null && !password.isEmpty()) {
            m = m.replace(password, "****");
        }
        return m;
    }

    @Override
    public String toString() {
        return "StudyDatabase[" + url + "]";
    }
}
