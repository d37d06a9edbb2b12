package dev.llmnas.llm;

import java.util.Optional;
import java.util.Set;

/**
 * Where a {@link ResponseCache} keeps its answers when it is not the default JSONL file, for example a database
 * shared by labelling processes on many machines ({@link ResponseCache#over(AnswerStore)}). The cache hands a
 * store only finished entries: replies already redacted ({@link Secrets#redact}) and cut to
 * {@value ResponseCache#MAX_STORED_REPLY} characters; prompts and API keys never reach a store.
 *
 * <p>Implementations must be thread-safe, and {@link #putIfAbsent} must keep exactly one answer per key even
 * when several processes write the same key at once.
 */
public interface AnswerStore extends AutoCloseable {
    /**
     * The stored answer for a key.
     *
     * @param key the cache key ({@link ResponseCache#key})
     * @return the answer, or empty when none is stored
     * @throws dev.llmnas.core.LlmnasException when the store cannot be read
     */
    Optional<ResponseCache.Entry> get(String key);

    /**
     * Stores an answer unless one is stored under its key already; the answer stored first wins.
     *
     * @param entry the answer to store
     * @return the answer now stored under the key: {@code entry}, or the one another writer stored first
     * @throws dev.llmnas.core.LlmnasException when the store cannot be written (then nothing is stored)
     */
    ResponseCache.Entry putIfAbsent(ResponseCache.Entry entry);

    /**
     * @return the distinct (provider, model, temperature) of the stored answers, in first-stored order
     * @throws dev.llmnas.core.LlmnasException when the store cannot be read
     */
    Set<ResponseCache.ModelId> models();

    /**
     * @return the number of stored answers
     * @throws dev.llmnas.core.LlmnasException when the store cannot be read
     */
    int size();

    /** Releases what the store holds (connections, files); stored answers stay. */
    @Override
    void close();
}
