package dev.llmnas.llm;

/**
 * How far a batch has come.
 *
 * @param completed architectures finished so far (scored or failed)
 * @param failed    of those, how many failed
 * @param total     architectures in the batch (distinct ones)
 * @param usage     the predictor's usage so far (lifetime counters)
 */
public record Progress(int completed, int failed, int total, LlmUsage usage) {
    /** @return whether every architecture of the batch is finished ({@code completed == total}) */
    public boolean done() {
        return completed == total;
    }
}
