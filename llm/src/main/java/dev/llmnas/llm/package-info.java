/** llmnas llm. */
package dev.llmnas.llm;
