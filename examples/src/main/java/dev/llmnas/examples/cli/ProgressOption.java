package dev.llmnas.examples.cli;

import picocli.CommandLine.Option;

/** The {@code --no-progress} option every long command accepts (those that draw no progress accept it too). */
final class ProgressOption {
    @Option(names = "--no-progress", description = "do not draw progress on standard error")
    boolean off;

    /** @return whether progress should be drawn */
    boolean shown() {
        return !off;
    }
}
