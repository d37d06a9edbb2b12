package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --stacktrace} is the choice of one call on one command line: nothing is shared between calls. */
class StacktraceOptionTest {
    @TempDir
    Path tmp;

    @Test
    void the_trace_is_printed_only_for_the_call_that_asked_for_it() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "not json\n");
        String[] args = {"describe", "--space", "hat-wmt14ende", "--archs", bad.toString()};

        Cli.Run traced = Cli.run(withStacktrace(args));
        assertThat(traced.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(traced.err()).contains("\tat ").contains("error: " + bad + ":1: ");

        Cli.Run plain = Cli.run(args);
        assertThat(plain.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(plain.err()).doesNotContain("\tat ").startsWith("error: " + bad + ":1: ");
        assertThat(plain.err().lines()).hasSize(1);
    }

    private static String[] withStacktrace(String[] args) {
        String[] out = new String[args.length + 1];
        System.arraycopy(args, 0, out, 0, args.length);
        out[args.length] = "--stacktrace";
        return out;
    }
}
