/**
 * LLM performance predictors (LLM-PP) on LangChain4j: an LLM reads a prompt with demonstrations and writes
 * the score of an unseen architecture.
 *
 * <ul>
 *   <li>{@link dev.llmnas.llm.TaskDescription}, {@link dev.llmnas.llm.Demonstration},
 *   {@link dev.llmnas.llm.PromptBuilder} and {@link dev.llmnas.llm.PromptParts}: the paper's PP prompt
 *   structure and its ablations, for any search space and task;</li>
 *   <li>{@link dev.llmnas.llm.LlmPerformancePredictor}: strict reply parsing, retries with backoff, bounded
 *   concurrency, rate limit, budget, progress, usage, and the {@link dev.llmnas.llm.ResponseCache} with
 *   replay-only mode;</li>
 *   <li>{@link dev.llmnas.llm.LlmModels}: chat models from the environment (OpenAI or any OpenAI-compatible
 *   server, Ollama) or explicit builders;</li>
 *   <li>{@link dev.llmnas.llm.PoolLabeller} and {@link dev.llmnas.llm.LabelFiles}: labelling a pool once for
 *   distillation, and reading labels produced earlier (including the paper's {@code generations.jsonl});</li>
 *   <li>{@link dev.llmnas.llm.ArchitectureProposer}: LLM-proposed architectures to seed a search.</li>
 * </ul>
 *
 * <p>No message, log line, cache line or exception of this package contains an API key
 * ({@link dev.llmnas.llm.Secrets}).
 */
package dev.llmnas.llm;
