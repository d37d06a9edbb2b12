package dev.llmnas.study;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The LLM answer cache on a real PostgreSQL server (zonky's embedded binaries), a fresh database per test. */
class PostgresAnswerStoreTest extends AnswerStoreContract {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private String database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = "answers" + DATABASES.incrementAndGet();
        PostgresServer.createDatabase(postgres, database);
    }

    @Override
    String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    @Override
    String user() {
        return PostgresServer.USER;
    }

    @Override
    String password() {
        return PostgresServer.PASSWORD;
    }
}
