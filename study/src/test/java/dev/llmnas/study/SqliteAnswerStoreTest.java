package dev.llmnas.study;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The LLM answer cache in an embedded SQLite study database. */
class SqliteAnswerStoreTest extends AnswerStoreContract {
    @TempDir
    Path tmp;

    @Override
    String url() {
        return "jdbc:sqlite:" + tmp.resolve("studies.db");
    }

    @Override
    String user() {
        return null;
    }

    @Override
    String password() {
        return null;
    }
}
