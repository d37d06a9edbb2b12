package dev.llmnas.core;

/** A configured search. Configuration is immutable; each {@link #run()} is an independent search. */
public interface SearchStrategy {

    /** A short name for result tables, e.g. {@code evolution}, {@code random}, {@code hybrid}. */
    String name();

    /** Runs the search to completion. */
    SearchResult run();
}
