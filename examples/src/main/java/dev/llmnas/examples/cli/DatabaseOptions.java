package dev.llmnas.examples.cli;

import dev.llmnas.study.StudyDatabase;
import dev.llmnas.study.StudyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options naming the database that keeps studies, shared by {@code studies} and {@code worker}. */
final class DatabaseOptions {
    @Option(names = "--database", paramLabel = "URL", defaultValue = "jdbc:sqlite:studies.db",
            description = "jdbc:sqlite:FILE (default: jdbc:sqlite:studies.db) or jdbc:postgresql://HOST:PORT/DB")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "database user (PostgreSQL)")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "LLMNAS_DB_PASSWORD",
            description = "environment variable holding the password (default: LLMNAS_DB_PASSWORD)")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file whose first line is the password (instead of --password-env)")
    Path passwordFile;

    /**
     * The connection options as they would be typed again, for hints such as the worker command printed after
     * {@code studies create}: {@code --database URL}, then {@code --user}, {@code --password-file} or a
     * non-default {@code --password-env} when given. Never the password itself.
     *
     * @param url the database URL as opened
     * @return the options, separated by single spaces
     */
    String retyped(String url) {
        StringBuilder b = new StringBuilder("--database ").append(url);
        if (user != null) {
            b.append(" --user ").append(user);
        }
        if (passwordFile != null) {
            b.append(" --password-file ").append(passwordFile);
        } else if (!"LLMNAS_DB_PASSWORD".equals(passwordEnv)) {
            b.append(" --password-env ").append(passwordEnv);
        }
        return b.toString();
    }

    /**
     * Refuses a {@code --database} that is not one of the supported URL forms, with the option's name.
     *
     * @throws IllegalArgumentException naming the option, the value and the forms allowed
     */
    void checkUrl() {
        if (url == null || !(url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("--database: '" + url + "' is not supported; use jdbc:sqlite:FILE or"
                    + " jdbc:postgresql://HOST:PORT/DB");
        }
    }

    /**
     * Refuses an SQLite {@code --database} whose file is in the data folder (it is created and written).
     *
     * @param dataDir the data folder, or null for none
     * @throws IllegalArgumentException naming {@code --database} when the file lies among the data sets
     */
    void refuseInside(Path dataDir) {
        if (url == null || !url.startsWith("jdbc:sqlite:")) {
            return;
        }
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        file = file.startsWith("file:") ? file.substring("file:".length()) : file;
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return;
        }
        OutputPaths.refuseInside(Path.of(file), "--database", dataDir);
    }

    /**
     * Opens the database.
     *
     * @param create whether a missing SQLite file or an empty database may be initialized
     * @throws IllegalArgumentException (bad input, exit 2) with one line when it cannot be opened
     */
    StudyDatabase open(boolean create) {
        checkUrl();
        String password;
        if (passwordFile != null) {
            try {
                password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new IllegalArgumentException("--password-file: cannot read " + passwordFile + ": "
                        + OutputPaths.reason(e), e);
            }
        } else {
            password = System.getenv(passwordEnv);
        }
        try {
            return StudyDatabase.open(url, user, password, create);
        } catch (StudyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
