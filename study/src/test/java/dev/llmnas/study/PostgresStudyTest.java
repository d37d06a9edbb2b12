package dev.llmnas.study;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The study guarantees on a real PostgreSQL server: zonky's embedded PostgreSQL binaries (resolved by Maven),
 * started once for the class; each test gets a fresh database with a password-protected owner.
 */
class PostgresStudyTest extends StudyGuaranteesContract {
    @RegisterExtension
    static final FreshPostgresDatabase POSTGRES = new FreshPostgresDatabase("study");

    @Override
    String url() {
        return POSTGRES.url();
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
