-- (PostgreSQL form; identical to the SQLite one.)
-- LLM answers shared by labelling processes on many machines (see DatabaseAnswerStore). The primary key keeps
-- exactly one answer per cache key: writers insert with ON CONFLICT DO NOTHING and read back what is stored.
-- Prompts and API keys are never stored, only the key (a SHA-256 of the request) and the redacted reply.
CREATE TABLE llm_answer (
    cache_key     VARCHAR(200) NOT NULL PRIMARY KEY,
    provider      VARCHAR(200) NOT NULL,
    model         VARCHAR(200) NOT NULL,
    temperature   DOUBLE PRECISION,
    sample        INTEGER      NOT NULL,
    architecture  TEXT         NOT NULL,
    reply         TEXT         NOT NULL,
    score         DOUBLE PRECISION,
    input_tokens  BIGINT       NOT NULL,
    output_tokens BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL
);
