package dev.llmnas.examples.cli;

import picocli.CommandLine.Option;

/** The options that choose how an LLM answers, shared by {@code label} and {@code predictors}. */
final class LlmOptions {
    @Option(names = "--model", paramLabel = "NAME",
            description = "LLM model name (overrides OPENAI_MODEL / OLLAMA_MODEL / ...; with --replay-only, picks the"
                    + " cache's model)")
    String model;

    @Option(names = "--replay-only",
            description = "answer only from the --cache file; a miss fails (no model or key needed)")
    boolean replayOnly;
}
