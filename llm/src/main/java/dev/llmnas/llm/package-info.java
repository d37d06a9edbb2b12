/**
 * LLM performance predictors (LLM-PP) on LangChain4j: an LLM reads a prompt with demonstrations and writes
 * the score of an unseen architecture.
 *
 * <ul>
 *   <li>{@link dev.llmnas.llm.TaskDescription}, {@link dev.llmnas.llm.Demonstration} and
 *   {@link dev.llmnas.llm.PromptParts}: the paper's PP prompt structure and its ablations, for any search space
 *   and task (the package-private {@code PromptBuilder} writes the prompt);</li>
 *   <li>{@link dev.llmnas.llm.LlmPerformancePredictor}: strict reply parsing, retries with backoff, bounded
 *   concurrency, rate limit, budget, progress, usage, and the {@link dev.llmnas.llm.ResponseCache} with
 *   replay-only mode; its parts are package-private: {@code ScoreQuestions} (prompt and reply),
 *   {@code CallPath} (cache and Resilience4j decoration, shared with the proposer) and {@code ConcurrentBatch}
 *   (batches on the caller's or the predictor's executor). Its {@link dev.llmnas.llm.LlmProvenance} says which
 *   provider, model, temperature, prompt parts and demonstrations gave its scores;</li>
 *   <li>{@link dev.llmnas.llm.LlmModels}: chat models from the environment (OpenAI or any OpenAI-compatible
 *   server, Azure OpenAI, Anthropic, Gemini, Ollama) or explicit builders;</li>
 *   <li>{@link dev.llmnas.llm.PoolLabeller} and {@link dev.llmnas.llm.LabelFiles}: labelling a pool once for
 *   distillation, and reading labels produced earlier (including the paper's {@code generations.jsonl});</li>
 *   <li>{@link dev.llmnas.llm.ArchitectureProposer}: LLM-proposed architectures to seed a search.</li>
 * </ul>
 *
 * <p>No message, log line, cache line or exception of this package contains an API key
 * (the package-private {@code Secrets} masks the keys a client was configured with).
 */
package dev.llmnas.llm;
