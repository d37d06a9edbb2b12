package dev.llmnas.study;

/** The study guarantees on an embedded SQLite file. */
class SqliteStudyTest extends StudyGuaranteesContract {
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
