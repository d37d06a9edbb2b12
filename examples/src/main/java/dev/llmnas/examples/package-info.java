/** llmnas examples. */
package dev.llmnas.examples;
