package dev.llmnas.study;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Starts a real PostgreSQL server from zonky's embedded binaries, with a password-protected study owner. */
final class PostgresServer {
    static final String USER = "llmnas";
    static final String PASSWORD = "s3cret-study-pw";

    private PostgresServer() {
    }

    static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().start();
    }

    static void createDatabase(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "') THEN"
                    + " CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        }
    }
}
