/** llmnas predictors. */
package dev.llmnas.predictors;
