package dev.llmnas.study;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The LLM answer cache on a real PostgreSQL server (zonky's embedded binaries), a fresh database per test. */
class PostgresAnswerStoreTest extends AnswerStoreContract {
    @RegisterExtension
    static final FreshPostgresDatabase POSTGRES = new FreshPostgresDatabase("answers");

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
}
