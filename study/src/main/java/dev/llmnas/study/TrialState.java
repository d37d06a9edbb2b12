package dev.llmnas.study;

/** Where a trial is in its life: pending, then running (claimed by a worker), then complete or failed. */
public enum TrialState {
    /** Waiting for a worker. */
    PENDING,
    /** Claimed by a worker that heartbeats while it evaluates. */
    RUNNING,
    /** Scored. */
    COMPLETE,
    /** Failed its study's maximum number of attempts; the search treats it as the worst possible score. */
    FAILED;

    String sql() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static TrialState ofSql(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
