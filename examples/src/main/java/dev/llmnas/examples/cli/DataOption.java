package dev.llmnas.examples.cli;

import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.data.DataPaths;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data} option shared by commands that read {@code shared/data}. */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR",
            description = "data folder holding llmas/ and nats-bench/ (default: $LLMNAS_DATA, else ../shared/data)")
    Path data;

    /** The resolved data folder, or a clear error saying what was tried. */
    Path resolve() {
        try {
            // discovery is the command line's decision: --data, else $LLMNAS_DATA, else shared/data above here
            return DataPaths.locate(data, System.getenv(DataPaths.ENV), Path.of(""));
        } catch (LlmnasException e) {
            // a missing data folder is bad input (exit 2), not a failure while running
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The data folder outputs must stay out of: the resolved folder, or null when none can be found (then the
     * command fails on {@link #resolve()} with the clear message when it needs the data, and there is nothing
     * among data sets to protect). Never throws, so option checks keep their order.
     */
    Path guarded() {
        try {
            return resolve();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
