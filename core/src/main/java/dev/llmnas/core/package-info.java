/** The vocabulary of llmnas: architectures, search spaces, predictors, constraints, datasets and metrics. */
package dev.llmnas.core;
