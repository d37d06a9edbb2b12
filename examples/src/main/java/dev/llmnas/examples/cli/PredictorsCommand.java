package dev.llmnas.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until its issue lands; replaced by the real command. */
@Command(name = "predictors", description = "(not yet available)")
final class PredictorsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("error: 'predictors' is not available in this build yet");
        return LlmnasCli.EXIT_FAILURE;
    }
}
