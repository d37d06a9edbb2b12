/** llmnas benchmarks. */
package dev.llmnas.benchmarks;
