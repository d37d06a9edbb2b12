/**
 * Search-quality benchmarks on NAS-Bench-201, where the true accuracy of every architecture is known: random
 * search, evolution with the expensive predictor throughout, and HybridSearch with a distilled cheap predictor,
 * compared on the same seeds (the {@code search-benchmark} command).
 */
package dev.llmnas.examples.bench;
