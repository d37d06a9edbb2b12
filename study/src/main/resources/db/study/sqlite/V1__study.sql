-- A study: one search kept in the database (SQLite form; the PostgreSQL form differs only in the id columns).
CREATE TABLE study (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               VARCHAR(200) NOT NULL UNIQUE,
    fingerprint_sha256 CHAR(64)     NOT NULL,
    configuration      TEXT         NOT NULL,
    recipe             TEXT,
    max_attempts       INTEGER      NOT NULL,
    grace_millis       BIGINT       NOT NULL,
    created_at         BIGINT       NOT NULL,
    finished_at        BIGINT
);

-- The engine's whole state at the start of each generation; the primary key lets exactly one process write it.
CREATE TABLE generation (
    study_id   INTEGER      NOT NULL REFERENCES study (id),
    generation INTEGER      NOT NULL,
    finished   INTEGER      NOT NULL,
    state      TEXT         NOT NULL,
    written_by VARCHAR(200) NOT NULL,
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (study_id, generation)
);

-- One predictor call to make (or made): at most one per study, predictor and architecture.
CREATE TABLE trial (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    study_id         INTEGER      NOT NULL REFERENCES study (id),
    generation       INTEGER      NOT NULL,
    predictor        VARCHAR(200) NOT NULL,
    architecture_key TEXT         NOT NULL,
    architecture     TEXT         NOT NULL,
    state            VARCHAR(10)  NOT NULL CHECK (state IN ('pending', 'running', 'complete', 'failed')),
    score            DOUBLE PRECISION,
    reasons          TEXT,
    worker           VARCHAR(200),
    attempts         INTEGER      NOT NULL DEFAULT 0,
    created_at       BIGINT       NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    heartbeat_at     BIGINT,
    UNIQUE (study_id, predictor, architecture_key)
);
CREATE INDEX trial_by_state ON trial (study_id, state, id);
