package dev.llmnas.study;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Starts a real PostgreSQL server from zonky's embedded binaries, with a password-protected study owner. */
final class PostgresServer {
    static final String USER = "llmnas";
    static final String PASSWORD = "s3cret-study-pw";

    private PostgresServer() {
    }

    /**
     * Starts the server. The superuser connects without a password (zonky's own checks need that); the study
     * owner must give its password over TCP, so a wrong password is really refused.
     */
    static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectoryCustomizer(dir -> {
            Path hba = dir.toPath().resolve("pg_hba.conf");
            try {
                String rules = "host all " + USER + " 127.0.0.1/32 scram-sha-256\n"
                        + "host all " + USER + " ::1/128 scram-sha-256\n";
                Files.writeString(hba, rules + Files.readString(hba));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).start();
    }

    static void createDatabase(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "') THEN"
                    + " CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        }
    }
}
