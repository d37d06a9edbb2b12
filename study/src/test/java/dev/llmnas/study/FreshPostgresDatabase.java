package dev.llmnas.study;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server ({@link PostgresServer}) started once per test class, with a fresh database (owned by
 * the password-protected study user) before each test. Register it as a static {@code @RegisterExtension} field.
 */
final class FreshPostgresDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final String prefix;
    private final AtomicInteger databases = new AtomicInteger();
    private EmbeddedPostgres postgres;
    private String database;

    /** @param prefix the databases' name prefix, e.g. {@code study} for {@code study1}, {@code study2}, ... */
    FreshPostgresDatabase(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        database = prefix + databases.incrementAndGet();
        PostgresServer.createDatabase(postgres, database);
    }

    /** The JDBC URL of the current test's database. */
    String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }
}
