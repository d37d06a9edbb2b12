/** llmnas search. */
package dev.llmnas.search;
