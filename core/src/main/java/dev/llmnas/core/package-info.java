/**
 * The vocabulary of llmnas: architectures, search spaces, predictors, constraints, datasets and metrics.
 * Every predictor extends {@link dev.llmnas.core.AbstractPerformancePredictor}; models and predictors describe
 * where they came from with a {@link dev.llmnas.core.Provenance} tree and record the library version from
 * {@link dev.llmnas.core.LlmnasVersion}.
 */
package dev.llmnas.core;
