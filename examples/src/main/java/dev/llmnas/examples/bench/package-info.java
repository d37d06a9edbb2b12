/**
 * Search-quality benchmarks on NAS-Bench-201, where the true accuracy of every architecture is known: random
 * search, evolution with the expensive predictor throughout, and HybridSearch with a distilled cheap predictor,
 * compared on the same seeds (the {@code search-benchmark} command); and multi-objective search against the true
 * Pareto front of accuracy and cell-params (the {@code pareto-benchmark} command, {@link
 * dev.llmnas.examples.bench.ParetoBenchmark}).
 */
package dev.llmnas.examples.bench;
