package dev.llmnas.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in-process with picocli's writers and an injected environment (no System.out swap). */
final class Cli {
    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
    }

    private Cli() {
    }

    /** Runs with an empty environment: no LLM is configured unless the arguments say so. */
    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LlmnasCli.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = LlmnasCli.execute(cli, args);
        return new Run(code, out.toString(), err.toString());
    }
}
