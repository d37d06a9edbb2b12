package dev.llmnas.study;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The study guarantees on a real PostgreSQL server: zonky's embedded PostgreSQL binaries (resolved by Maven),
 * started once for the class; each test gets a fresh database with a password-protected owner.
 */
class PostgresStudyTest extends StudyGuaranteesContract {
    static EmbeddedPostgres postgres;
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
        database = "study" + DATABASES.incrementAndGet();
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

    @org.junit.jupiter.api.Test
    void a_wrong_password_is_refused_with_one_line_that_does_not_show_it() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StudyDatabase.open(url(), USER_FOR_TEST, "wrong-pw-123",
                        true))
                .isInstanceOf(StudyException.class)
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("wrong-pw-123")
                .hasMessageStartingWith("database " + url() + ": cannot connect: ")
                .hasMessageContaining("password authentication failed");
    }

    @org.junit.jupiter.api.Test
    void an_unreachable_server_is_refused_with_one_line() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String unreachable = "jdbc:postgresql://127.0.0.1:" + closed + "/studies";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StudyDatabase.open(unreachable, USER_FOR_TEST,
                        PostgresServer.PASSWORD, true))
                .isInstanceOf(StudyException.class)
                .hasMessageNotContaining("\n")
                .hasMessageStartingWith("database " + unreachable + ": cannot connect: ")
                .hasMessageContaining("refused");
    }

    private static final String USER_FOR_TEST = PostgresServer.USER;
}
